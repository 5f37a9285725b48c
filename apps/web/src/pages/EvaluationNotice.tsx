import { Link, useParams } from 'react-router';
import { api, call } from '../api/client';
import { points } from '../components/Explanation';
import { ErrorNotice, Loading } from '../components/ui';
import { localDate, yuan } from '../format';
import { useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';

/** Every institution's name by code: the notice names institutions as people know them, the code beside. */
async function institutionNames(): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (let page = 1; ; page++) {
    const batch = await call(api.GET('/api/v1/institutions', { params: { query: { page, pageSize: 200 } } }));
    for (const i of batch.items) names.set(i.code, i.name);
    if (page * 200 >= batch.total || batch.items.length === 0) return names;
  }
}

/** A Beijing date as a notice writes it: 2026年12月3日 (English: 2026-12-03). */
function noticeDate(date: string, language: string): string {
  const [y, m, d] = date.split('-');
  return language === 'zh' ? `${y}年${Number(m)}月${Number(d)}日` : date;
}

/**
 * The public notice of a run's results (名单公示, issue 21): title, the policy and year, every
 * institution by rank with its grade, score and post-subsidy in 元, the total, the objection period
 * and the issuer's date. On screen a page with a print button; on paper (styles.css `@media print`,
 * `.printable`) the notice alone.
 */
export function EvaluationNoticePage() {
  const { id = '' } = useParams();
  const { t, language } = useI18n();
  const run = useLoad(() => call(api.GET('/api/v1/subsidy-runs/{id}', { params: { path: { id } } })), [id]);
  const results = useLoad(() => call(api.GET('/api/v1/subsidy-runs/{id}/results', { params: { path: { id } } })), [id]);
  const names = useLoad(institutionNames, []);
  const r = run.data;
  const items = results.data?.items ?? [];
  const total = items.reduce((sum, i) => sum + BigInt(i.subsidyFen), 0n);
  return (
    <>
      <ErrorNotice error={run.error ?? results.error ?? names.error} />
      <Loading when={run.loading || results.loading} />
      {r && (
        <>
          <p className="no-print notice-actions">
            <Link to={`/subsidy/${r.id}`}>‹ {t('notice.back')}</Link>
            <button type="button" className="primary" onClick={() => window.print()}>
              {t('notice.print')}
            </button>
          </p>
          {r.simulation && <p className="notice notice-error">{t('notice.simulation')}</p>}
          {!r.simulation && r.status !== 'published' && <p className="notice no-print">{t('notice.draft')}</p>}
          <article className="card printable evaluation-notice" aria-labelledby="notice-title">
            <h1 id="notice-title">{t('notice.title', { year: r.year })}</h1>
            <p>
              {t('notice.intro', {
                policy: r.policyCode, year: r.year, region: r.region ? t('notice.regionOf', { region: r.region }) : t('notice.allRegions'),
              })}
            </p>
            <div className="table-scroll">
              <table aria-label={t('notice.title', { year: r.year })}>
                <thead>
                  <tr>
                    <th scope="col" className="num">{t('notice.no')}</th>
                    <th scope="col">{t('notice.institution')}</th>
                    <th scope="col">{t('notice.code')}</th>
                    <th scope="col">{t('notice.grade')}</th>
                    <th scope="col" className="num">{t('notice.score')}</th>
                    <th scope="col" className="num">{t('notice.amount')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((i) => (
                    <tr key={i.institutionCode} data-institution={i.institutionCode}>
                      <td className="num">{i.rank}</td>
                      <td>{names.data?.get(i.institutionCode) ?? i.institutionCode}</td>
                      <td>{i.institutionCode}</td>
                      <td>{t(`grade.${i.grade}` as MessageKey)}</td>
                      <td className="num">{points(i.total)}</td>
                      <td className="num">{yuan(i.subsidyFen)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={5}>{t('notice.total')}</th>
                    <td className="num notice-total">{yuan(total)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
            <p>{t('notice.period')}</p>
            <p className="notice-issuer">
              {t('notice.issuer')}
              <br />
              {t('notice.date', { date: noticeDate(localDate(r.publishedAt ?? new Date()), language) })}
            </p>
          </article>
        </>
      )}
    </>
  );
}
