import type { BookingView, FundAccountView, InstrumentView, RateCardView, SeriesView, ServiceCategory, ServiceMode } from '@yixiang/contracts';
import { SERVICE_CATEGORIES } from './Usage';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client';
import { WeekCalendar, type Selection } from '../components/WeekCalendar';
import { Badge, ChoiceField, ErrorNotice, Field, Loading, PageTitle, Success } from '../components/ui';
import { addDays, beijing, dateTime, duration, localDate, mondayOf, yuan } from '../format';
import { useAction, useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { actorOf, useUser } from '../session';
import { can } from '@yixiang/domain/permissions/rules';

export function InstrumentPage() {
  const { id = '' } = useParams();
  const { t, language } = useI18n();
  const user = useUser();
  const instrument = useLoad(() => call(api.GET('/api/v1/instruments/{id}', { params: { path: { id } } })), [id]);
  const rates = useLoad(() => call(api.GET('/api/v1/instruments/{id}/rates', { params: { path: { id } } })), [id]);
  const i = instrument.data;
  if (!i) {
    return (
      <>
        <ErrorNotice error={instrument.error} />
        <Loading when={instrument.loading} />
      </>
    );
  }
  const rules = i.bookingRules;
  const owner = user.role === 'institution_admin' && user.institutionId === i.institution.id;
  return (
    <>
      <PageTitle actions={owner ? <Link to={`/manage/instruments/${i.id}`}>{t('instrument.edit')}</Link> : undefined}>{i.name}</PageTitle>
      <p className="muted">
        {i.code} · {i.institution.name} · {i.category.code} {i.category.nameZh}
      </p>
      <div className="grid-2">
        <section className="card" aria-labelledby="specs">
          <h2 id="specs">{t('instrument.specs')}</h2>
          <dl className="facts">
            <dt>{t('instrument.model')}</dt>
            <dd>{[i.model, i.manufacturer, i.countryOfOrigin].filter(Boolean).join(' · ') || '—'}</dd>
            <dt>{t('instrument.location')}</dt>
            <dd>{i.location ?? '—'}</dd>
            <dt>{t('instrument.value')}</dt>
            <dd>¥{yuan(i.originalValueFen)}</dd>
            <dt>{t('instrument.purchased')}</dt>
            <dd>{i.purchaseDate ?? '—'}</dd>
            <dt>{t('instrument.modes')}</dt>
            <dd>{i.serviceModes.map((m) => t(`mode.${m}` as MessageKey)).join('、')}</dd>
            <dt>{t('instrument.sharing')}</dt>
            <dd>
              <Badge tone={i.sharingStatus === 'open' ? 'good' : 'warn'}>{t(`sharing.${i.sharingStatus}` as MessageKey)}</Badge>
            </dd>
            <dt>{t('instrument.rules')}</dt>
            <dd>
              {t('instrument.rulesText', {
                slot: duration(rules.slotMinutes, language), min: duration(rules.minMinutes, language), max: duration(rules.maxMinutes, language),
                lead: rules.leadMinutes > 0 ? t('instrument.lead', { d: duration(rules.leadMinutes, language) }) : t('instrument.noLead'),
                cancel: rules.cancelDeadlineMinutes > 0 ? t('instrument.cancelWithin', { d: duration(rules.cancelDeadlineMinutes, language) }) : t('instrument.cancelAny'),
              })}
              {rules.approvalRequired ? ` ${t('instrument.approval')}` : ` ${t('instrument.automatic')}`}
              {rules.qualificationRequired ? ` ${t('instrument.qualification')}` : ''}
              {rules.qualificationRequired && <TrainingButton instrumentId={i.id} />}
              {` ${t('instrument.checkIn', { before: duration(rules.checkInBeforeMinutes ?? 15, language), after: duration(rules.noShowAfterMinutes ?? 30, language) })}`}
            </dd>
          </dl>
          {i.mainFunctions && (
            <>
              <h3>{t('instrument.functions')}</h3>
              <p className="prose">{i.mainFunctions}</p>
            </>
          )}
          {i.specifications && (
            <>
              <h3>{t('instrument.specifications')}</h3>
              <p className="prose">{i.specifications}</p>
            </>
          )}
        </section>
        <section className="card" aria-labelledby="rates">
          <h2 id="rates">{t('instrument.rateCard')}</h2>
          <ErrorNotice error={rates.error} />
          <RateTable cards={rates.data ?? []} />
        </section>
      </div>
      <BookingPanel instrument={i} />
    </>
  );
}

export function RateTable({ cards }: { cards: RateCardView[] }) {
  const { t } = useI18n();
  if (cards.length === 0) return <p className="muted">{t('instrument.noRates')}</p>;
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('rate.mode')}</th>
            <th scope="col">{t('rate.unit')}</th>
            <th scope="col" className="num">{t('rate.internal')}</th>
            <th scope="col" className="num">{t('rate.external')}</th>
            <th scope="col">{t('rate.increment')}</th>
            <th scope="col" className="num">{t('rate.minimum')}</th>
            <th scope="col">{t('rate.validity')}</th>
          </tr>
        </thead>
        <tbody>
          {cards.map((c) => (
            <tr key={c.id}>
              <td>{t(`mode.${c.serviceMode}` as MessageKey)}</td>
              <td>{t(`unit.${c.unit}` as MessageKey)}</td>
              <td className="num">¥{yuan(c.internalPriceFen)}</td>
              <td className="num">¥{yuan(c.externalPriceFen)}</td>
              <td>{c.incrementMinutes ? t('rate.minutes', { n: c.incrementMinutes }) : '—'}</td>
              <td className="num">¥{yuan(c.minimumChargeFen)}</td>
              <td>
                {dateTime(c.validFrom)} – {c.validTo ? dateTime(c.validTo) : t('rate.openEnded')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BookingPanel({ instrument }: { instrument: InstrumentView }) {
  const { t } = useI18n();
  const user = useUser();
  const mayBook = can(actorOf(user), 'booking.create', { institutionId: user.institutionId });
  const [monday, setMonday] = useState(() => mondayOf(localDate(new Date())));
  const [selection, setSelection] = useState<Selection | null>(null);
  const [mode, setMode] = useState<ServiceMode>(instrument.serviceModes.includes('assisted') ? 'assisted' : instrument.serviceModes[0]);
  const [purpose, setPurpose] = useState('');
  const [samples, setSamples] = useState('');
  const [category, setCategory] = useState<ServiceCategory>('research');
  // Issue 18: the fund account that pays (optional), one of the booker's groups' active accounts.
  const [fundAccountId, setFundAccountId] = useState('');
  const accounts = useFundAccounts(mayBook);
  const [booked, setBooked] = useState<BookingView | null>(null);
  // Issue 19: the same time every day or week, a few times (skip-conflicts: what is taken is listed).
  const [repeat, setRepeat] = useState<'none' | 'DAILY' | 'WEEKLY'>('none');
  const [count, setCount] = useState('4');
  const [series, setSeries] = useState<SeriesView | null>(null);
  const action = useAction();
  const slots = useLoad(
    () => call(api.GET('/api/v1/instruments/{id}/slots', { params: { path: { id: instrument.id }, query: { from: beijing(monday, '00:00'), to: beijing(addDays(monday, 7), '00:00') } } })),
    [instrument.id, monday],
  );
  // One key per attempt: a double click or a retried request books once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!selection) return;
    setBooked(null);
    setSeries(null);
    if (repeat !== 'none') {
      const made = await action.run(() =>
        call(api.POST('/api/v1/bookings/series', {
          body: {
            instrumentId: instrument.id, start: selection.start, end: selection.end, rrule: `FREQ=${repeat};COUNT=${Number(count) || 1}`, mode: 'skip-conflicts',
            serviceMode: mode, serviceCategory: category, purpose: purpose.trim(),
          },
        })),
      );
      if (made) {
        setSeries(made);
        setSelection(null);
        setPurpose('');
      }
      slots.reload();
      return;
    }
    const booking = await action.run(() =>
      call(
        api.POST('/api/v1/bookings', {
          params: { header: { 'idempotency-key': idempotencyKey } },
          body: {
            instrumentId: instrument.id,
            start: selection.start,
            end: selection.end,
            serviceMode: mode,
            serviceCategory: category,
            purpose: purpose.trim(),
            ...(mode === 'sample' && samples ? { samples: Number(samples) } : {}),
            ...(fundAccountId ? { fundAccountId } : {}),
          },
        }),
      ),
    );
    setIdempotencyKey(crypto.randomUUID());
    if (booking) {
      setBooked(booking);
      setSelection(null);
      setPurpose('');
    }
    slots.reload();
  };

  // The picked time is gone: let the refreshed calendar show what is still free, and offer to wait for it.
  const [taken, setTaken] = useState<Selection | null>(null);
  const [waiting, setWaiting] = useState(false);
  useEffect(() => {
    if (action.error?.code === 'BOOKING_CONFLICT') {
      setTaken(selection);
      setWaiting(false);
      setSelection(null);
    }
  }, [action.error]);
  const wait = async () => {
    if (!taken) return;
    const entry = await action.run(() => call(api.POST('/api/v1/waitlist', { body: { instrumentId: instrument.id, start: taken.start, end: taken.end, serviceMode: mode, ...(purpose.trim() ? { purpose: purpose.trim() } : {}) } })));
    if (entry) {
      setWaiting(true);
      setTaken(null);
    }
  };

  const online = instrument.onlineBooking && instrument.sharingStatus === 'open';
  return (
    <section className="card" aria-labelledby="book">
      <h2 id="book">{t('book.title')}</h2>
      {!online && <p className="notice notice-warn">{t('book.notOnline')}</p>}
      <div className="week-nav">
        <button type="button" onClick={() => setMonday(addDays(monday, -7))} disabled={monday <= mondayOf(localDate(new Date()))}>
          ‹ {t('week.previous')}
        </button>
        <strong>
          {monday} – {addDays(monday, 6)}
        </strong>
        <button type="button" onClick={() => setMonday(addDays(monday, 7))}>
          {t('week.next')} ›
        </button>
      </div>
      <ErrorNotice error={slots.error} />
      <Loading when={slots.loading && !slots.data} />
      {slots.data && <WeekCalendar monday={monday} slotMinutes={slots.data.slotMinutes} free={slots.data.free} held={slots.data.held} selection={selection} onSelect={setSelection} />}
      {/* The bureau and auditors do not book (the booking.create rule the booking service applies): no form that ends in a 403. */}
      {!mayBook && <p className="notice notice-warn" data-testid="cannot-book">{t('role.cannotBook', { role: t(`role.${user.role}` as MessageKey) })}</p>}
      {mayBook && <form onSubmit={submit} className="book-form" aria-label={t('book.title')}>
        <p aria-live="polite">
          {selection ? t('book.selected', { from: dateTime(selection.start), to: dateTime(selection.end) }) : t('book.pick')}
        </p>
        <div className="row">
          <ChoiceField<ServiceMode> label={t('book.mode')} value={mode} values={instrument.serviceModes} prefix="mode" onChange={setMode} />
          <ChoiceField<ServiceCategory> label={t('usage.category')} value={category} values={SERVICE_CATEGORIES} prefix="category" onChange={setCategory} />
          {mode === 'sample' && (
            <Field label={t('book.samples')}>{(id) => <input id={id} type="number" min={1} max={10000} value={samples} onChange={(e) => setSamples(e.target.value)} />}</Field>
          )}
        </div>
        <div className="row">
          <Field label={t('series.repeat')}>
            {(id) => (
              <select id={id} value={repeat} onChange={(e) => setRepeat(e.target.value as typeof repeat)}>
                <option value="none">{t('series.none')}</option>
                <option value="WEEKLY">{t('series.weekly')}</option>
                <option value="DAILY">{t('series.daily')}</option>
              </select>
            )}
          </Field>
          {repeat === 'none' && accounts.length > 0 && (
            <div className="fund-picker">
              <Field label={t('book.fundAccount')}>
                {(id) => (
                  <select id={id} value={fundAccountId} onChange={(e) => setFundAccountId(e.target.value)}>
                    <option value="">{t('book.noFundAccount')}</option>
                    {accounts.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.code} {a.name}{a.availableFen !== null ? `（${t('book.fundAvailable', { amount: yuan(a.availableFen) })}）` : ''}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
          )}
          {repeat !== 'none' && (
            <Field label={t('series.count')}>{(id) => <input id={id} type="number" min={2} max={100} value={count} onChange={(e) => setCount(e.target.value)} />}</Field>
          )}
        </div>
        <Field label={t('book.purpose')}>
          {(id) => <textarea id={id} required minLength={2} maxLength={500} rows={2} value={purpose} onChange={(e) => setPurpose(e.target.value)} />}
        </Field>
        <ErrorNotice error={action.error} />
        {taken && action.error?.code === 'BOOKING_CONFLICT' && (
          <button type="button" onClick={wait} disabled={action.busy}>
            {t('waitlist.join')}
          </button>
        )}
        {waiting && (
          <Success>
            {t('waitlist.joined')} <Link to="/bookings">{t('book.toMine')}</Link>
          </Success>
        )}
        {series && (
          <Success>
            {t('series.done', { booked: series.booked.length, skipped: series.skipped.length })}
            {series.skipped.length > 0 && (
              <ul>
                {series.skipped.map((o) => (
                  <li key={o.start}>
                    {dateTime(o.start)}：{o.reason}
                  </li>
                ))}
              </ul>
            )}{' '}
            <Link to="/bookings">{t('book.toMine')}</Link>
          </Success>
        )}
        {booked && (
          <Success>
            {t(booked.piApproval === 'pending' ? 'book.donePi' : booked.status === 'approved' ? 'book.doneApproved' : 'book.doneRequested', { code: booked.code })} <Link to="/bookings">{t('book.toMine')}</Link>
          </Success>
        )}
        <button type="submit" className="primary" disabled={!selection || action.busy || !online}>
          {action.busy ? t('common.working') : t('book.submit')}
        </button>
      </form>}
    </section>
  );
}

/** The active fund accounts of the groups the user belongs to (what a booking may name); none for who does not book. */
function useFundAccounts(mayBook: boolean): FundAccountView[] {
  const user = useUser();
  const loaded = useLoad(async () => {
    if (!mayBook) return [];
    const groups = await call(api.GET('/api/v1/research-groups', { params: { query: { pageSize: 100 } } }));
    const mine = groups.items.filter((g) => g.members.some((m) => m.userId === user.id));
    const lists = await Promise.all(mine.map((g) => call(api.GET('/api/v1/research-groups/{id}/fund-accounts', { params: { path: { id: g.id } } }))));
    return lists.flat().filter((a) => a.state === 'active');
  }, [mayBook, user.id]);
  return loaded.data ?? [];
}

/** Asks for training on an instrument that needs a qualification to run alone (issue 18); who may book may ask. */
function TrainingButton({ instrumentId }: { instrumentId: string }) {
  const { t } = useI18n();
  const user = useUser();
  const action = useAction();
  const [asked, setAsked] = useState(false);
  if (!can(actorOf(user), 'booking.create', { institutionId: user.institutionId ?? null })) return null;
  const request = async () => {
    if (await action.run(() => call(api.POST('/api/v1/training-requests', { body: { instrumentId } })))) setAsked(true);
  };
  return (
    <div className="actions">
      {asked ? <Success>{t('training.requested')} <Link to="/training">{t('training.open')}</Link></Success> : (
        <button type="button" disabled={action.busy} onClick={request}>{t('training.request')}</button>
      )}
      <ErrorNotice error={action.error} />
    </div>
  );
}
