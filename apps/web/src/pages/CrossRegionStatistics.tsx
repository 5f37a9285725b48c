import { useState } from 'react';
import { api, call, download, forExcel } from '../api/client';
import type { components } from '../api/schema';
import { FlowDiagram, GroupedBarChart, type Series } from '../components/region-charts';
import { ErrorNotice, Field, Loading, PageTitle } from '../components/ui';
import { hours, yuan } from '../format';
import { useAction, useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useUser } from '../session';

type Statistics = components['schemas']['CrossRegionStatisticsView'];
type Figures = components['schemas']['SharingFiguresView'];
type Row = components['schemas']['CrossRegionRowView'];

/** The two regions of the Sichuan–Chongqing plan, side by side in the joint view. */
const JOINT = ['CQ', 'SC'] as const;
const CATEGORIES = ['research', 'testing', 'training', 'statutory-certification', 'law-enforcement', 'commercial-inspection', 'commercial-filming', 'medical-service'] as const;
const ZERO: Figures = { services: 0, minutes: 0, amountFen: 0, voucherFen: 0 };

const sum = (rows: Figures[]): Figures => rows.reduce((s, r) => ({
  services: s.services + r.services, minutes: s.minutes + r.minutes, amountFen: s.amountFen + r.amountFen, voucherFen: s.voucherFen + r.voucherFen,
}), ZERO);
/** Hours for a chart's bar height (display only; the tables show exact hours). */
const chartHours = (minutes: number) => Math.round(minutes / 6) / 10;
const monthsOf = (year: number) => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

/**
 * Cross-region sharing (GET /statistics/cross-region): a regional officer opens on their own region
 * (as provider and as user, by month and category); a joint officer and auditors on the 川渝 view,
 * both regions side by side with the flows between them. Every officer may look at any region.
 */
export function CrossRegionStatisticsPage() {
  const { t } = useI18n();
  const user = useUser();
  // A regional officer's region; none for a joint officer and auditors.
  const ownRegion = user.role === 'bureau' ? (user.region ?? null) : null;
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [view, setView] = useState<string>(ownRegion ?? 'joint');
  const stats = useLoad(() => call(api.GET('/api/v1/statistics/cross-region', { params: { query: { year } } })), [year]);
  const action = useAction();
  const regionLabel = (region: string | null) => {
    if (region === null) return t('stats.unknownRegion');
    const key = `stats.regionName.${region}` as MessageKey;
    return region === 'CQ' || region === 'SC' ? `${t(key)}（${region}）` : region;
  };
  const regions = [...new Set([...JOINT, ...(ownRegion ? [ownRegion] : []), ...(stats.data?.totals.map((x) => x.region) ?? [])])].sort();
  const exportQuery = `year=${year}${view === 'joint' ? '' : `&region=${view}`}`;
  const exportFile = (ext: 'csv' | 'xlsx') => action.run(() => download(forExcel(`/api/v1/statistics/cross-region.${ext}?${exportQuery}`, ext), `cross-region-${year}${view === 'joint' ? '' : `-${view}`}.${ext}`));
  return (
    <>
      <PageTitle
        actions={(
          <>
            <button type="button" className="small" onClick={() => exportFile('csv')}>{t('common.exportCsv')}</button>
            <button type="button" className="small" onClick={() => exportFile('xlsx')}>{t('common.exportXlsx')}</button>
          </>
        )}
      >
        {t('stats.title')}
      </PageTitle>
      <p className="muted">{t('stats.intro')}</p>
      <div className="card row">
        <Field label={t('stats.year')}>
          {(id) => <input id={id} type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value) || year)} />}
        </Field>
        <Field label={t('stats.view')}>
          {(id) => (
            <select id={id} value={view} onChange={(e) => setView(e.target.value)}>
              <option value="joint">{t('stats.joint')}</option>
              {regions.map((r) => <option key={r} value={r}>{regionLabel(r)}</option>)}
            </select>
          )}
        </Field>
      </div>
      <ErrorNotice error={stats.error ?? action.error} />
      <Loading when={stats.loading && !stats.data} />
      {stats.data && stats.data.rows.length === 0 && <p className="muted">{t('stats.none')}</p>}
      {stats.data && (view === 'joint'
        ? <JointView data={stats.data} year={year} regionLabel={regionLabel} />
        : <RegionView data={stats.data} year={year} region={view} regionLabel={regionLabel} />)}
    </>
  );
}

function totalsOf(data: Statistics, region: string) {
  return data.totals.find((x) => x.region === region) ?? {
    region, asProvider: ZERO, asUser: ZERO, crossBorder: ZERO, crossBorderAsProvider: ZERO, crossBorderAsUser: ZERO,
  };
}

/** Services, hours, income and vouchers of one set of services, as a small list of figures. */
function FigureList({ title, figures }: { title: string; figures: Figures }) {
  const { t } = useI18n();
  return (
    <>
      <h3>{title}</h3>
      <dl className="figures">
        <div><dt>{t('stats.services')}</dt><dd>{figures.services}</dd></div>
        <div><dt>{t('stats.hours')}</dt><dd>{hours(figures.minutes)}</dd></div>
        <div><dt>{t('stats.income')}</dt><dd>{yuan(figures.amountFen)}</dd></div>
        <div><dt>{t('stats.voucher')}</dt><dd>{yuan(figures.voucherFen)}</dd></div>
      </dl>
    </>
  );
}

/** One region's figures: as provider, as user, across the border; by month and by category. */
function RegionView({ data, year, region, regionLabel }: { data: Statistics; year: number; region: string; regionLabel(r: string | null): string }) {
  const { t } = useI18n();
  const totals = totalsOf(data, region);
  const name = regionLabel(region);
  const asProvider = (r: Row) => r.providerRegion === region;
  const asUser = (r: Row) => r.userRegion === region;
  const months = monthsOf(year).map((period) => {
    const rows = data.rows.filter((r) => r.period === period);
    return { period, provider: sum(rows.filter(asProvider)), user: sum(rows.filter(asUser)) };
  });
  const categories = CATEGORIES.map((category) => {
    const rows = data.rows.filter((r) => r.serviceCategory === category);
    return { category, provider: sum(rows.filter(asProvider)), user: sum(rows.filter(asUser)) };
  }).filter((c) => c.provider.services > 0 || c.user.services > 0);
  const series: Series[] = [{ name: t('stats.asProvider'), tone: 'a' }, { name: t('stats.asUser'), tone: 'b' }];
  return (
    <>
      <section className="card" aria-labelledby="region-totals">
        <h2 id="region-totals">{t('stats.region', { region: name })}</h2>
        <div className="region-panels">
          <div><FigureList title={t('stats.asProvider')} figures={totals.asProvider} /></div>
          <div><FigureList title={t('stats.asUser')} figures={totals.asUser} /></div>
          <div><FigureList title={t('stats.crossOut')} figures={totals.crossBorderAsProvider} /></div>
          <div><FigureList title={t('stats.crossIn')} figures={totals.crossBorderAsUser} /></div>
        </div>
      </section>
      <div className="grid-2">
        <GroupedBarChart
          title={t('stats.hoursByMonth', { region: name })} unit={t('stats.unitHours')} series={series}
          groups={months.map((m) => ({ label: m.period.slice(5), values: [chartHours(m.provider.minutes), chartHours(m.user.minutes)] }))}
        />
        <GroupedBarChart
          title={t('stats.hoursByCategory', { region: name })} unit={t('stats.unitHours')} series={series}
          groups={categories.map((c) => ({ label: t(`category.${c.category}` as MessageKey), values: [chartHours(c.provider.minutes), chartHours(c.user.minutes)] }))}
        />
      </div>
      <h2>{t('stats.byMonth')}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>{t('stats.month')}</th>
              <th scope="colgroup" colSpan={3}>{t('stats.asProvider')}</th>
              <th scope="colgroup" colSpan={3}>{t('stats.asUser')}</th>
            </tr>
            <tr>
              {[0, 1].map((i) => (
                <FiguresHead key={i} />
              ))}
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.period}>
                <td>{m.period}</td>
                <FiguresCells figures={m.provider} />
                <FiguresCells figures={m.user} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('stats.byCategory')}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>{t('stats.category')}</th>
              <th scope="colgroup" colSpan={3}>{t('stats.asProvider')}</th>
              <th scope="colgroup" colSpan={3}>{t('stats.asUser')}</th>
            </tr>
            <tr>
              {[0, 1].map((i) => (
                <FiguresHead key={i} />
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((c) => (
              <tr key={c.category}>
                <td>{t(`category.${c.category}` as MessageKey)}</td>
                <FiguresCells figures={c.provider} />
                <FiguresCells figures={c.user} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function FiguresHead() {
  const { t } = useI18n();
  return (
    <>
      <th scope="col" className="num">{t('stats.services')}</th>
      <th scope="col" className="num">{t('stats.hours')}</th>
      <th scope="col" className="num">{t('stats.income')}</th>
    </>
  );
}

function FiguresCells({ figures }: { figures: Figures }) {
  return (
    <>
      <td className="num">{figures.services}</td>
      <td className="num">{hours(figures.minutes)}</td>
      <td className="num">{yuan(figures.amountFen)}</td>
    </>
  );
}

/** 川渝: both regions side by side, and the services flowing between them (CQ→SC, SC→CQ). */
function JointView({ data, year, regionLabel }: { data: Statistics; year: number; regionLabel(r: string | null): string }) {
  const { t } = useI18n();
  const [a, b] = JOINT;
  const ta = totalsOf(data, a);
  const tb = totalsOf(data, b);
  const flowOf = (from: string, to: string) => sum(data.flows.filter((f) => f.providerRegion === from && f.userRegion === to));
  const ab = flowOf(a, b);
  const ba = flowOf(b, a);
  const flowName = (from: string, to: string) => t('stats.flow', { from: regionLabel(from), to: regionLabel(to) });
  const months = monthsOf(year).map((period) => {
    const rows = data.rows.filter((r) => r.period === period);
    return {
      period,
      ab: sum(rows.filter((r) => r.providerRegion === a && r.userRegion === b)),
      ba: sum(rows.filter((r) => r.providerRegion === b && r.userRegion === a)),
    };
  });
  const lines: [MessageKey, (x: typeof ta) => Figures][] = [
    ['stats.asProvider', (x) => x.asProvider], ['stats.asUser', (x) => x.asUser], ['stats.crossBorder', (x) => x.crossBorder],
    ['stats.crossOut', (x) => x.crossBorderAsProvider], ['stats.crossIn', (x) => x.crossBorderAsUser],
  ];
  return (
    <>
      <div className="region-panels">
        {[ta, tb].map((x) => (
          <section key={x.region} className="card" aria-labelledby={`panel-${x.region}`}>
            <h2 id={`panel-${x.region}`}>{regionLabel(x.region)}</h2>
            <FigureList title={t('stats.asProvider')} figures={x.asProvider} />
            <FigureList title={t('stats.asUser')} figures={x.asUser} />
            <FigureList title={t('stats.crossBorder')} figures={x.crossBorder} />
          </section>
        ))}
      </div>
      <section className="card" aria-labelledby="flows">
        <h2 id="flows">{t('stats.flows')}</h2>
        <div className="grid-2">
          <FlowDiagram
            left={regionLabel(a)} right={regionLabel(b)} title={t('stats.flows')} servicesLabel={t('stats.services')} unit={t('stats.unitHours')}
            forward={{ label: flowName(a, b), services: ab.services, hours: chartHours(ab.minutes) }}
            backward={{ label: flowName(b, a), services: ba.services, hours: chartHours(ba.minutes) }}
          />
          <GroupedBarChart
            title={t('stats.flowsByMonth', { a: flowName(a, b), b: flowName(b, a) })} unit={t('stats.unitHours')}
            series={[{ name: flowName(a, b), tone: 'a' }, { name: flowName(b, a), tone: 'b' }]}
            groups={months.map((m) => ({ label: m.period.slice(5), values: [chartHours(m.ab.minutes), chartHours(m.ba.minutes)] }))}
          />
        </div>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>{t('stats.month')}</th>
                <th scope="colgroup" colSpan={3}>{flowName(a, b)}</th>
                <th scope="colgroup" colSpan={3}>{flowName(b, a)}</th>
              </tr>
              <tr>
                {[0, 1].map((i) => (
                  <FiguresHead key={i} />
                ))}
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.period}>
                  <td>{m.period}</td>
                  <FiguresCells figures={m.ab} />
                  <FiguresCells figures={m.ba} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <h2>{t('stats.sideBySide')}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>{t('stats.figure')}</th>
              <th scope="colgroup" colSpan={3}>{regionLabel(a)}</th>
              <th scope="colgroup" colSpan={3}>{regionLabel(b)}</th>
            </tr>
            <tr>
              {[0, 1].map((i) => (
                <FiguresHead key={i} />
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map(([label, pick]) => (
              <tr key={label}>
                <th scope="row">{t(label)}</th>
                <FiguresCells figures={pick(ta)} />
                <FiguresCells figures={pick(tb)} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
