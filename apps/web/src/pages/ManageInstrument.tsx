import type { BlackoutView, InstrumentView, RateCardView, RateUnit, ServiceMode, SharingStatus } from '@yixiang/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client';
import { ErrorNotice, Field, Loading, PageTitle, Success } from '../components/ui';
import { dateTime, parseYuan, yuan } from '../format';
import { useAction, useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { nextRange, type OpeningRange } from '../manage-forms';
import { RateTable } from './Instrument';
import { useCategories } from './Search';

const MODES: ServiceMode[] = ['self', 'assisted', 'sample'];

/** An admin's instrument: details and booking rules, rate cards, opening hours, maintenance windows. */
export function ManageInstrumentPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const instrument = useLoad(() => call(api.GET('/api/v1/instruments/{id}', { params: { path: { id } } })), [id]);
  if (!instrument.data) {
    return (
      <>
        <ErrorNotice error={instrument.error} />
        <Loading when={instrument.loading} />
      </>
    );
  }
  return (
    <>
      <PageTitle actions={<Link to={`/instruments/${id}`}>{t('manage.public')}</Link>}>{instrument.data.name}</PageTitle>
      <Details instrument={instrument.data} onSaved={instrument.reload} />
      <Rates id={id} />
      <OpeningHours id={id} />
      <Blackouts id={id} />
    </>
  );
}

function Details({ instrument, onSaved }: { instrument: InstrumentView; onSaved(): void }) {
  const { t } = useI18n();
  const categories = useCategories();
  const [form, setForm] = useState(() => ({
    name: instrument.name,
    model: instrument.model ?? '',
    manufacturer: instrument.manufacturer ?? '',
    countryOfOrigin: instrument.countryOfOrigin ?? '',
    categoryCode: instrument.categoryCode,
    value: yuan(instrument.originalValueFen).replace(/,/g, ''),
    purchaseDate: instrument.purchaseDate ?? '',
    retiredOn: instrument.retiredOn ?? '',
    specialised: instrument.specialised,
    specifications: instrument.specifications ?? '',
    location: instrument.location ?? '',
    mainFunctions: instrument.mainFunctions ?? '',
    sharingStatus: instrument.sharingStatus,
    onlineBooking: instrument.onlineBooking,
    serviceModes: instrument.serviceModes,
    ...instrument.bookingRules,
  }));
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const { slotMinutes, minMinutes, maxMinutes, leadMinutes, cancelDeadlineMinutes, approvalRequired, qualificationRequired } = form;
    const ok = await action.run(() =>
      call(
        api.PATCH('/api/v1/instruments/{id}', {
          params: { path: { id: instrument.id } },
          body: {
            name: form.name.trim(),
            // An emptied optional field is sent as null, which clears it (UpdateInstrumentDto).
            model: form.model.trim() || null,
            manufacturer: form.manufacturer.trim() || null,
            countryOfOrigin: form.countryOfOrigin.trim().toUpperCase() || null,
            categoryCode: form.categoryCode,
            originalValueFen: parseYuan(form.value) ?? -1,
            purchaseDate: form.purchaseDate || null,
            retiredOn: form.retiredOn || null,
            specialised: form.specialised,
            specifications: form.specifications.trim() || null,
            location: form.location.trim() || null,
            mainFunctions: form.mainFunctions.trim() || null,
            sharingStatus: form.sharingStatus,
            onlineBooking: form.onlineBooking,
            serviceModes: form.serviceModes,
            bookingRules: { slotMinutes, minMinutes, maxMinutes, leadMinutes, cancelDeadlineMinutes, approvalRequired, qualificationRequired },
          },
        }),
      ),
    );
    if (ok) {
      setSaved(true);
      onSaved();
    }
  };
  const text = (k: 'name' | 'model' | 'manufacturer' | 'countryOfOrigin' | 'categoryCode' | 'value' | 'purchaseDate' | 'retiredOn' | 'location' | 'specifications' | 'mainFunctions') =>
    (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const number = (k: 'slotMinutes' | 'minMinutes' | 'maxMinutes' | 'leadMinutes' | 'cancelDeadlineMinutes') => (id: string) => (
    <input id={id} type="number" min={0} required value={form[k]} onChange={(e) => setForm({ ...form, [k]: Number(e.target.value) })} />
  );
  return (
    <form className="card" onSubmit={submit} aria-labelledby="details">
      <h2 id="details">{t('manage.details')}</h2>
      <div className="grid-3">
        <Field label={t('manage.name')}>{(id) => <input id={id} required maxLength={200} value={form.name} onChange={text('name')} />}</Field>
        <Field label={t('manage.model')}>{(id) => <input id={id} maxLength={200} value={form.model} onChange={text('model')} />}</Field>
        <Field label={t('manage.manufacturer')}>{(id) => <input id={id} maxLength={200} value={form.manufacturer} onChange={text('manufacturer')} />}</Field>
        <Field label={t('manage.country')}>{(id) => <input id={id} maxLength={2} pattern="[A-Za-z]{2}" value={form.countryOfOrigin} onChange={text('countryOfOrigin')} />}</Field>
        <Field label={t('search.category')}>
          {(id) => (
            <select id={id} required value={form.categoryCode} onChange={text('categoryCode')}>
              {/* The instrument's own code stays choosable while the list loads. */}
              {!categories.data && <option value={form.categoryCode}>{form.categoryCode}</option>}
              {(categories.data ?? [])
                .filter((c) => c.parentCode !== null)
                .map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.code} {c.nameZh}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label={t('manage.valueYuan')}>{(id) => <input id={id} required inputMode="decimal" value={form.value} onChange={text('value')} />}</Field>
        <Field label={t('manage.purchaseDate')}>{(id) => <input id={id} type="date" value={form.purchaseDate} onChange={text('purchaseDate')} />}</Field>
        <Field label={t('manage.retiredOn')}>{(id) => <input id={id} type="date" value={form.retiredOn} onChange={text('retiredOn')} />}</Field>
        <Field label={t('instrument.location')}>{(id) => <input id={id} maxLength={300} value={form.location} onChange={text('location')} />}</Field>
        <Field label={t('instrument.sharing')}>
          {(id) => (
            <select id={id} value={form.sharingStatus} onChange={(e) => setForm({ ...form, sharingStatus: e.target.value as SharingStatus })}>
              {(['open', 'internal', 'suspended'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`sharing.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('rules.slot')}>{number('slotMinutes')}</Field>
        <Field label={t('rules.min')}>{number('minMinutes')}</Field>
        <Field label={t('rules.max')}>{number('maxMinutes')}</Field>
        <Field label={t('rules.lead')}>{number('leadMinutes')}</Field>
        <Field label={t('rules.cancel')}>{number('cancelDeadlineMinutes')}</Field>
      </div>
      <fieldset className="checks">
        <legend>{t('instrument.modes')}</legend>
        {MODES.map((m) => (
          <label key={m}>
            <input
              type="checkbox"
              checked={form.serviceModes.includes(m)}
              onChange={(e) => setForm({ ...form, serviceModes: e.target.checked ? [...form.serviceModes, m] : form.serviceModes.filter((x) => x !== m) })}
            />
            {t(`mode.${m}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <fieldset className="checks">
        <legend>{t('manage.bookingSettings')}</legend>
        <label>
          <input type="checkbox" checked={form.onlineBooking} onChange={(e) => setForm({ ...form, onlineBooking: e.target.checked })} />
          {t('search.online')}
        </label>
        <label>
          <input type="checkbox" checked={form.specialised} onChange={(e) => setForm({ ...form, specialised: e.target.checked })} />
          {t('manage.specialised')}
        </label>
        <label>
          <input type="checkbox" checked={form.approvalRequired} onChange={(e) => setForm({ ...form, approvalRequired: e.target.checked })} />
          {t('rules.approval')}
        </label>
        <label>
          <input type="checkbox" checked={form.qualificationRequired} onChange={(e) => setForm({ ...form, qualificationRequired: e.target.checked })} />
          {t('rules.qualification')}
        </label>
      </fieldset>
      <Field label={t('manage.specifications')}>{(id) => <textarea id={id} rows={3} maxLength={10000} value={form.specifications} onChange={text('specifications')} />}</Field>
      <Field label={t('instrument.functions')}>{(id) => <textarea id={id} rows={3} maxLength={10000} value={form.mainFunctions} onChange={text('mainFunctions')} />}</Field>
      <ErrorNotice error={action.error} />
      {saved && <Success>{t('common.saved')}</Success>}
      <button type="submit" className="primary" disabled={action.busy}>
        {t('common.save')}
      </button>
    </form>
  );
}

interface CardDraft {
  code: string;
  serviceMode: ServiceMode;
  unit: RateUnit;
  internal: string;
  external: string;
  incrementMinutes: string;
  minimum: string;
  validFrom: string;
  validTo: string;
}

const toDraft = (c: RateCardView): CardDraft => ({
  code: c.code,
  serviceMode: c.serviceMode,
  unit: c.unit,
  internal: yuan(c.internalPriceFen).replace(/,/g, ''),
  external: yuan(c.externalPriceFen).replace(/,/g, ''),
  incrementMinutes: c.incrementMinutes ? String(c.incrementMinutes) : '',
  minimum: yuan(c.minimumChargeFen).replace(/,/g, ''),
  validFrom: c.validFrom,
  validTo: c.validTo ?? '',
});

function Rates({ id }: { id: string }) {
  const { t } = useI18n();
  const rates = useLoad(() => call(api.GET('/api/v1/instruments/{id}/rates', { params: { path: { id } } })), [id]);
  const [drafts, setDrafts] = useState<CardDraft[] | null>(null);
  const action = useAction();
  const edit = (i: number, k: keyof CardDraft, v: string) => setDrafts((d) => d!.map((c, j) => (j === i ? { ...c, [k]: v } : c)));
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const cards = drafts!.map((c) => ({
      code: c.code.trim(),
      serviceMode: c.serviceMode,
      unit: c.unit,
      internalPriceFen: parseYuan(c.internal) ?? -1,
      externalPriceFen: parseYuan(c.external) ?? -1,
      ...(c.incrementMinutes ? { incrementMinutes: Number(c.incrementMinutes) } : {}),
      minimumChargeFen: parseYuan(c.minimum || '0') ?? -1,
      validFrom: c.validFrom.trim(),
      ...(c.validTo.trim() ? { validTo: c.validTo.trim() } : {}),
    }));
    const ok = await action.run(() => call(api.PUT('/api/v1/instruments/{id}/rates', { params: { path: { id } }, body: cards })));
    if (ok) {
      setDrafts(null);
      rates.reload();
    }
  };
  const blank: CardDraft = { code: '', serviceMode: 'assisted', unit: 'hour', internal: '', external: '', incrementMinutes: '30', minimum: '0', validFrom: new Date().toISOString().slice(0, 10), validTo: '' };
  return (
    <section className="card" aria-labelledby="rates">
      <h2 id="rates">{t('instrument.rateCard')}</h2>
      <ErrorNotice error={rates.error} />
      {!drafts && (
        <>
          <RateTable cards={rates.data ?? []} />
          <button type="button" onClick={() => setDrafts((rates.data ?? []).map(toDraft))}>
            {t('manage.editRates')}
          </button>
        </>
      )}
      {drafts && (
        <form onSubmit={save}>
          <p className="muted">{t('manage.ratesHint')}</p>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  {(['rate.code', 'rate.mode', 'rate.unit', 'rate.internal', 'rate.external', 'rate.increment', 'rate.minimum', 'rate.from', 'rate.to'] as MessageKey[]).map((k) => (
                    <th key={k} scope="col">
                      {t(k)}
                    </th>
                  ))}
                  <th />
                </tr>
              </thead>
              <tbody>
                {drafts.map((c, i) => (
                  <tr key={i}>
                    <td><input aria-label={t('rate.code')} required value={c.code} onChange={(e) => edit(i, 'code', e.target.value)} /></td>
                    <td>
                      <select aria-label={t('rate.mode')} value={c.serviceMode} onChange={(e) => edit(i, 'serviceMode', e.target.value)}>
                        {MODES.map((m) => <option key={m} value={m}>{t(`mode.${m}` as MessageKey)}</option>)}
                      </select>
                    </td>
                    <td>
                      <select aria-label={t('rate.unit')} value={c.unit} onChange={(e) => edit(i, 'unit', e.target.value)}>
                        {(['hour', 'sample'] as const).map((u) => <option key={u} value={u}>{t(`unit.${u}` as MessageKey)}</option>)}
                      </select>
                    </td>
                    <td><input aria-label={t('rate.internal')} inputMode="decimal" required value={c.internal} onChange={(e) => edit(i, 'internal', e.target.value)} /></td>
                    <td><input aria-label={t('rate.external')} inputMode="decimal" required value={c.external} onChange={(e) => edit(i, 'external', e.target.value)} /></td>
                    <td><input aria-label={t('rate.increment')} type="number" min={1} value={c.incrementMinutes} onChange={(e) => edit(i, 'incrementMinutes', e.target.value)} /></td>
                    <td><input aria-label={t('rate.minimum')} inputMode="decimal" value={c.minimum} onChange={(e) => edit(i, 'minimum', e.target.value)} /></td>
                    <td><input aria-label={t('rate.from')} required value={c.validFrom} onChange={(e) => edit(i, 'validFrom', e.target.value)} /></td>
                    <td><input aria-label={t('rate.to')} value={c.validTo} onChange={(e) => edit(i, 'validTo', e.target.value)} /></td>
                    <td>
                      <button type="button" className="small" onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}>
                        {t('common.remove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ErrorNotice error={action.error} />
          <div className="actions">
            <button type="button" onClick={() => setDrafts([...drafts, blank])}>
              {t('manage.addRate')}
            </button>
            <button type="submit" className="primary" disabled={action.busy}>
              {t('common.save')}
            </button>
            <button type="button" onClick={() => setDrafts(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

const WEEKDAY_KEYS: MessageKey[] = ['week.mon', 'week.tue', 'week.wed', 'week.thu', 'week.fri', 'week.sat', 'week.sun'];

/** The weekly opening hours: any number of ranges a day (a lunch break between two), none = closed; the server checks that they do not overlap. */
function OpeningHours({ id }: { id: string }) {
  const { t } = useI18n();
  const availability = useLoad(() => call(api.GET('/api/v1/instruments/{id}/availability', { params: { path: { id } } })), [id]);
  const [days, setDays] = useState<OpeningRange[][] | null>(null);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => {
    if (!availability.data) return;
    setDays([1, 2, 3, 4, 5, 6, 7].map((weekday) => availability.data!.weekly.filter((w) => w.weekday === weekday).map(({ start, end }) => ({ start, end }))));
  }, [availability.data]);
  const change = (day: number, next: OpeningRange[]) => {
    setSaved(false);
    setDays(days!.map((ranges, i) => (i === day ? next : ranges)));
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const weekly = days!.flatMap((ranges, i) => ranges.map((r) => ({ weekday: i + 1, start: r.start, end: r.end })));
    const stored = await action.run(() =>
      call(api.PUT('/api/v1/instruments/{id}/availability', { params: { path: { id } }, body: { timezone: availability.data?.timezone ?? 'Asia/Shanghai', weekly } })),
    );
    if (stored) {
      setSaved(true);
      availability.reload();
    }
  };
  return (
    <form className="card" onSubmit={save} aria-labelledby="hours">
      <h2 id="hours">{t('manage.hours')}</h2>
      <p className="muted">{t('manage.rangesHint')}</p>
      <ErrorNotice error={availability.error} />
      {days && (
        <div className="hours">
          {days.map((ranges, i) => {
            const day = t(WEEKDAY_KEYS[i]);
            const edit = (k: number, field: keyof OpeningRange, value: string) => change(i, ranges.map((r, j) => (j === k ? { ...r, [field]: value } : r)));
            return (
              <fieldset key={i} className="hours-day" data-weekday={i + 1}>
                <legend>{day}</legend>
                {ranges.length === 0 && <span className="muted">{t('manage.closedDay')}</span>}
                {ranges.map((r, k) => {
                  const name = `${day} ${t('manage.range', { n: k + 1 })}`;
                  return (
                    <div key={k} className="hours-range" role="group" aria-label={name}>
                      <input aria-label={`${name} ${t('manage.from')}`} placeholder="08:00" required pattern="([01]\d|2[0-3]):[0-5]\d" value={r.start} onChange={(e) => edit(k, 'start', e.target.value)} />
                      <span aria-hidden="true">–</span>
                      <input aria-label={`${name} ${t('manage.until')}`} placeholder="18:00" required pattern="([01]\d|2[0-3]):[0-5]\d|24:00" value={r.end} onChange={(e) => edit(k, 'end', e.target.value)} />
                      <button type="button" className="small" aria-label={`${name} ${t('manage.removeRange')}`} title={t('manage.removeRange')} onClick={() => change(i, ranges.filter((_, j) => j !== k))}>
                        ×
                      </button>
                    </div>
                  );
                })}
                <button type="button" className="small" aria-label={`${day} ${t('manage.addRange')}`} onClick={() => change(i, [...ranges, nextRange(ranges)])}>
                  + {t('manage.addRange')}
                </button>
              </fieldset>
            );
          })}
        </div>
      )}
      <ErrorNotice error={action.error} />
      {saved && <Success>{t('common.saved')}</Success>}
      <button type="submit" className="primary" disabled={action.busy || !days}>
        {t('common.save')}
      </button>
    </form>
  );
}

function Blackouts({ id }: { id: string }) {
  const { t } = useI18n();
  const blackouts = useLoad(() => call(api.GET('/api/v1/instruments/{id}/blackouts', { params: { path: { id } } })), [id]);
  const [form, setForm] = useState({ start: '', end: '', reason: '' });
  const action = useAction();
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(() =>
      call(
        api.POST('/api/v1/instruments/{id}/blackouts', { params: { path: { id } }, body: { start: `${form.start}:00+08:00`, end: `${form.end}:00+08:00`, reason: form.reason.trim() } }),
      ),
    );
    if (ok) setForm({ start: '', end: '', reason: '' });
    blackouts.reload();
  };
  const remove = async (b: BlackoutView) => {
    await action.run(() => call(api.DELETE('/api/v1/instruments/{id}/blackouts/{blackoutId}', { params: { path: { id, blackoutId: b.id } } })));
    blackouts.reload();
  };
  return (
    <section className="card" aria-labelledby="blackouts">
      <h2 id="blackouts">{t('manage.blackouts')}</h2>
      <ErrorNotice error={blackouts.error} />
      <ul>
        {(blackouts.data ?? []).map((b) => (
          <li key={b.id}>
            {dateTime(b.start)} – {dateTime(b.end)} · {b.reason}{' '}
            <button type="button" className="small" onClick={() => remove(b)}>
              {t('common.remove')}
            </button>
          </li>
        ))}
      </ul>
      {blackouts.data?.length === 0 && <p className="muted">{t('common.none')}</p>}
      <form onSubmit={add} className="row">
        <Field label={t('manage.from')}>{(fid) => <input id={fid} type="datetime-local" required value={form.start} onChange={(e) => setForm({ ...form, start: e.target.value })} />}</Field>
        <Field label={t('manage.until')}>{(fid) => <input id={fid} type="datetime-local" required value={form.end} onChange={(e) => setForm({ ...form, end: e.target.value })} />}</Field>
        <Field label={t('manage.reason')}>{(fid) => <input id={fid} required value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />}</Field>
        <button type="submit" disabled={action.busy}>
          {t('manage.addBlackout')}
        </button>
      </form>
      <ErrorNotice error={action.error} />
    </section>
  );
}
