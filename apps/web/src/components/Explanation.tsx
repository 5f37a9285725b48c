import { api, call } from '../api/client';
import { dateTime, hours, yuan } from '../format';
import { useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useInstitutionNames, useInstrumentNames } from '../names';
import { ErrorNotice, Loading } from './ui';

/** Hundredths of a point ("9833") as "98.33". */
export const points = (hundredths: string | number) => yuan(hundredths);

const ORDER = [
  'eligibleInstruments', 'effectiveHours', 'externalHours', 'hoursBySource', 'openRate', 'onlineRate', 'utilisation', 'activeShare', 'externalShare',
  'satisfaction', 'externalReach', 'total', 'grade', 'incomeBaseFen', 'subsidyBeforeBudgetFen', 'subsidyFen',
];

/** Every number of an institution's result, with the rule and figures behind it and its usage records. */
export function Explanation({ runId, institution }: { runId: string; institution: string }) {
  const { t, language } = useI18n();
  const h = t('utilisation.unitHours');
  // The sentences come from the subsidy service, written in the language the page is shown in.
  const explained = useLoad(
    () => call(api.GET('/api/v1/subsidy-runs/{id}/results', { params: { path: { id: runId }, query: { institution, lang: language } } })),
    [runId, institution, language],
  );
  // Asked with ?institution, the reply carries result, explanation and instruments (RunResultsView).
  const result = explained.data?.result;
  const explanation = explained.data?.explanation ?? null;
  const instruments = explained.data?.instruments ?? [];
  // Named as people know it, the code beside the name (the exports and the API use the code).
  const named = useInstitutionNames(result ? [result.institutionCode] : []);
  const instrumentNames = useInstrumentNames(instruments.map((i) => i.instrumentCode));
  return (
    <section className="card" aria-labelledby="explanation">
      <ErrorNotice error={explained.error} />
      <Loading when={explained.loading && !explained.data} />
      {result && (
        <>
          <h2 id="explanation">
            {t('explain.title', { code: named[result.institutionCode] ? `${named[result.institutionCode]} ${result.institutionCode}` : result.institutionCode })} · {t(`grade.${result.grade}` as MessageKey)} · ¥{yuan(result.subsidyFen)}
          </h2>
          {explanation && (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('explain.figure')}</th>
                    <th scope="col">{t('explain.how')}</th>
                  </tr>
                </thead>
                <tbody>
                  {ORDER.filter((k) => explanation[k]).map((k) => (
                    <tr key={k}>
                      <th scope="row">{t(`figure.${k}` as MessageKey)}</th>
                      <td>{explanation[k]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>{t('explain.instruments')}</h3>
          {instruments.map((i) => (
            <details key={i.instrumentCode}>
              <summary>
                {instrumentNames[i.instrumentCode] ?? i.instrumentCode}: {hours(i.effectiveMinutes)} / {i.benchmarkHours} {h} · {t('explain.external')} {hours(i.externalMinutes)} {h} · {t('figure.incomeBaseFen')} ¥
                {yuan(i.incomeBaseFen)} · {t('explain.capped')} ¥{yuan(i.cappedFen)}
              </summary>
              <ul className="records">
                {i.records.map((r) => (
                  <li key={r.code}>
                    {r.code}: {dateTime(r.start)} – {dateTime(r.end)} · {t(`category.${r.serviceCategory}` as MessageKey)}
                    {r.amountFen !== null && ` · ¥${yuan(r.amountFen)}`}
                    {r.rating !== null && ` · ${'★'.repeat(r.rating)}`}
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </>
      )}
    </section>
  );
}
