import { api, callResults } from '../api/client';
import { dateTime, hours, yuan } from '../format';
import { useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { ErrorNotice, Loading } from './ui';

/** One institution's result in a run as the subsidy service explains it. */
export interface InstitutionResult {
  institutionCode: string;
  eligibleInstruments: number;
  effectiveMinutes: string;
  externalMinutes: string;
  indicators: Record<string, string>;
  total: string;
  grade: string;
  rank: number;
  incomeBaseFen: string;
  subsidyBeforeBudgetFen: string;
  subsidyFen: string;
  ineligibleReason: string | null;
}

interface Explained {
  result: InstitutionResult;
  explanation: Record<string, string> | null;
  instruments: {
    instrumentCode: string;
    effectiveMinutes: string;
    externalMinutes: string;
    benchmarkHours: number;
    incomeBaseFen: string;
    cappedFen: string;
    records: { code: string; start: string; end: string; serviceCategory: string; amountFen: string | null; rating: number | null }[];
  }[];
}

/** Hundredths of a point ("9833") as "98.33". */
export const points = (hundredths: string | number) => yuan(hundredths);

const ORDER = [
  'eligibleInstruments', 'effectiveHours', 'externalHours', 'openRate', 'onlineRate', 'utilisation', 'activeShare', 'externalShare',
  'satisfaction', 'externalReach', 'total', 'grade', 'incomeBaseFen', 'subsidyBeforeBudgetFen', 'subsidyFen',
];

/** Every number of an institution's result, with the rule and figures behind it and its usage records. */
export function Explanation({ runId, institution }: { runId: string; institution: string }) {
  const { t, language } = useI18n();
  const h = t('utilisation.unitHours');
  // The sentences come from the subsidy service, written in the language the page is shown in.
  const explained = useLoad(
    () => callResults<Explained>(api.GET('/api/v1/subsidy-runs/{id}/results', { params: { path: { id: runId }, query: { institution, lang: language } } })),
    [runId, institution, language],
  );
  const data = explained.data;
  return (
    <section className="card" aria-labelledby="explanation">
      <ErrorNotice error={explained.error} />
      <Loading when={explained.loading && !data} />
      {data && (
        <>
          <h2 id="explanation">
            {t('explain.title', { code: data.result.institutionCode })} · {t(`grade.${data.result.grade}` as MessageKey)} · ¥{yuan(data.result.subsidyFen)}
          </h2>
          {data.explanation && (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('explain.figure')}</th>
                    <th scope="col">{t('explain.how')}</th>
                  </tr>
                </thead>
                <tbody>
                  {ORDER.filter((k) => data.explanation![k]).map((k) => (
                    <tr key={k}>
                      <th scope="row">{t(`figure.${k}` as MessageKey)}</th>
                      <td>{data.explanation![k]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>{t('explain.instruments')}</h3>
          {data.instruments.map((i) => (
            <details key={i.instrumentCode}>
              <summary>
                {i.instrumentCode}: {hours(i.effectiveMinutes)} / {i.benchmarkHours} {h} · {t('explain.external')} {hours(i.externalMinutes)} {h} · {t('figure.incomeBaseFen')} ¥
                {yuan(i.incomeBaseFen)} · {t('explain.capped')} ¥{yuan(i.cappedFen)}
              </summary>
              <ul className="records">
                {i.records.map((r) => (
                  <li key={r.code}>
                    {r.code}: {dateTime(r.start)} – {dateTime(r.end)} · {r.serviceCategory}
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
