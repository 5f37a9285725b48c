import type { BookingView, FundAccountView, ResearchGroupView } from '@yixiang/contracts';
import { can } from '@yixiang/domain/permissions/rules';
import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client';
import { useAsk } from '../components/AskDialog';
import { Badge, ErrorNotice, Field, FormEnd, Loading, PageTitle, Success } from '../components/ui';
import { dateTime, localDate, parseYuan, yuan } from '../format';
import { useAction, useLoad } from '../hooks';
import { useI18n } from '../i18n';
import { useInstrumentNames } from '../names';
import { actorOf, useUser } from '../session';

const groupObject = (g: ResearchGroupView) => ({ institutionId: g.institutionId, piUserId: g.piUserId, memberUserIds: g.members.map((m) => m.userId) });

/**
 * Research groups (课题组, issue 18): for the PI and members their groups, for an institution's admin
 * its groups. Members (the PI and the admin add and remove), the fund accounts with budget, held,
 * charged and available in 元 (the admin opens, freezes and re-budgets; the PI sets the amount above
 * which members' bookings wait for them), and the bookings waiting for the PI's approval.
 */
export function GroupsPage() {
  const { t } = useI18n();
  const user = useUser();
  const groups = useLoad(() => call(api.GET('/api/v1/research-groups', { params: { query: { pageSize: 100 } } })), []);
  const [chosen, setChosen] = useState('');
  const items = groups.data?.items ?? [];
  const group = items.find((g) => g.id === chosen) ?? items[0];
  const admin = user.institutionId !== null && can(actorOf(user), 'research-group.create', { institutionId: user.institutionId });
  return (
    <>
      <PageTitle>{t('groups.title')}</PageTitle>
      <ErrorNotice error={groups.error} />
      <Loading when={groups.loading && !groups.data} />
      {groups.data && items.length === 0 && <p>{t('groups.none')}</p>}
      {items.length > 1 && (
        <Field label={t('groups.pick')}>
          {(id) => (
            <select id={id} value={group?.id ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {items.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          )}
        </Field>
      )}
      {group && <GroupDetail key={group.id} group={group} onChanged={groups.reload} />}
      {admin && <CreateGroupForm onCreated={(g) => { setChosen(g.id); groups.reload(); }} />}
    </>
  );
}

function GroupDetail({ group, onChanged }: { group: ResearchGroupView; onChanged(): void }) {
  const { t } = useI18n();
  const user = useUser();
  const actor = actorOf(user);
  const object = groupObject(group);
  const [current, setCurrent] = useState(group);
  // A booker who has left the group since is named by the start of their id.
  const nameOf = (id: string) => `${current.members.find((m) => m.userId === id)?.name ?? id.slice(0, 8)}${id === user.id ? t('groups.you') : ''}`;
  const mayMembers = can(actor, 'research-group.members', object);
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [dialog, ask] = useAsk();

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const next = await action.run(() => call(api.POST('/api/v1/research-groups/{id}/members', { params: { path: { id: group.id } }, body: { userEmail: email.trim() } })));
    if (next) {
      setCurrent(next);
      setEmail('');
      setDone(t('groups.added'));
      onChanged();
    }
  };
  const remove = async (userId: string) => {
    if ((await ask({ title: t('groups.removeTitle'), message: `${nameOf(userId)}：${t('groups.removeMessage')}`, confirm: t('groups.remove'), danger: true })) === null) return;
    setDone(null);
    const next = await action.run(() => call(api.DELETE('/api/v1/research-groups/{id}/members/{userId}', { params: { path: { id: group.id, userId } } })));
    if (next) {
      setCurrent(next);
      setDone(t('groups.removed'));
      onChanged();
    }
  };

  return (
    <>
      <section className="card" aria-labelledby="group-members">
        <h2 id="group-members">{current.name} · {t('groups.members')}</h2>
        <p>{t('groups.pi')}：{nameOf(current.piUserId)}</p>
        <ul className="plain-list" data-testid="group-members">
          {current.members.map((m) => (
            <li key={m.userId} className="row" data-member={m.userId}>
              <span>{nameOf(m.userId)}</span>
              <Badge tone={m.role === 'pi' ? 'info' : 'neutral'}>{t(m.role === 'pi' ? 'groups.role.pi' : 'groups.role.member')}</Badge>
              <span className="muted">{t('groups.addedAt')} {localDate(m.addedAt)}</span>
              {mayMembers && m.role !== 'pi' && <button type="button" disabled={action.busy} onClick={() => remove(m.userId)}>{t('groups.remove')}</button>}
            </li>
          ))}
        </ul>
        {mayMembers && (
          <form className="row" onSubmit={add} aria-label={t('groups.addMember')}>
            <Field label={t('groups.memberEmail')}>{(id) => <input id={id} type="email" required maxLength={200} value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
            <FormEnd error={action.error} done={done} busy={action.busy} submit={t('groups.addMember')} />
          </form>
        )}
        {!mayMembers && <ErrorNotice error={action.error} />}
      </section>
      <Accounts group={current} />
      <WaitingForPi group={current} nameOf={nameOf} />
      {dialog}
    </>
  );
}

/** An amount in 元 typed into a dialog: '' is none (no limit, no approval); else fen, or the dialog's complaint. */
const amountCheck = (message: string) => (value: string) => (value.trim() === '' || parseYuan(value) !== null ? null : message);
const fenOrNull = (value: string) => (value.trim() === '' ? null : parseYuan(value));

function Accounts({ group }: { group: ResearchGroupView }) {
  const { t } = useI18n();
  const user = useUser();
  const actor = actorOf(user);
  const accounts = useLoad(() => call(api.GET('/api/v1/research-groups/{id}/fund-accounts', { params: { path: { id: group.id } } })), [group.id]);
  const finance = can(actor, 'fund-account.write', { institutionId: group.institutionId });
  const rule = can(actor, 'fund-account.approval-rule', groupObject(group));
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [dialog, ask] = useAsk();

  const change = async (account: FundAccountView, body: Record<string, unknown>) => {
    setDone(null);
    const changed = await action.run(() => call(api.PATCH('/api/v1/fund-accounts/{id}', { params: { path: { id: account.id } }, body })));
    if (changed) {
      setDone(t('groups.changed', { code: changed.code }));
      accounts.reload();
    }
  };
  const budget = async (account: FundAccountView) => {
    const value = await ask({
      title: t('groups.budgetTitle', { code: account.code }), label: t('groups.budgetLabel'), initial: account.budgetFen === null ? '' : yuan(account.budgetFen),
      check: amountCheck(t('groups.notAmount')), confirm: t('groups.changeBudget'),
    });
    if (value !== null) await change(account, { budgetFen: fenOrNull(value) });
  };
  const threshold = async (account: FundAccountView) => {
    const value = await ask({
      title: t('groups.thresholdTitle', { code: account.code }), label: t('groups.thresholdLabel'),
      initial: account.piApprovalAboveFen === null ? '' : yuan(account.piApprovalAboveFen), check: amountCheck(t('groups.notAmount')), confirm: t('groups.setThreshold'),
    });
    if (value !== null) await change(account, { piApprovalAboveFen: fenOrNull(value) });
  };

  return (
    <section className="card" aria-labelledby="group-accounts">
      <h2 id="group-accounts">{t('groups.accounts')}</h2>
      <ErrorNotice error={accounts.error ?? action.error} />
      {done && <Success>{done}</Success>}
      <Loading when={accounts.loading && !accounts.data} />
      {accounts.data && accounts.data.length === 0 && <p>{t('groups.noAccounts')}</p>}
      {accounts.data && accounts.data.length > 0 && (
        <div className="table-scroll">
          <table data-testid="fund-accounts">
            <thead>
              <tr>
                <th scope="col">{t('groups.code')}</th>
                <th scope="col">{t('groups.accountName')}</th>
                <th scope="col" className="num">{t('groups.budget')}</th>
                <th scope="col" className="num">{t('groups.held')}</th>
                <th scope="col" className="num">{t('groups.charged')}</th>
                <th scope="col" className="num">{t('groups.available')}</th>
                <th scope="col" className="num">{t('groups.thresholdShort')}</th>
                <th scope="col">{t('groups.state')}</th>
                <th scope="col">{t('groups.validity')}</th>
                {(finance || rule) && <th scope="col">{t('groups.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {accounts.data.map((a) => (
                <tr key={a.id} data-account={a.code}>
                  <td className="nowrap">{a.code}</td>
                  <td>{a.name}</td>
                  <td className="num">{a.budgetFen === null ? t('groups.noLimit') : yuan(a.budgetFen)}</td>
                  <td className="num">{yuan(a.heldFen)}</td>
                  <td className="num">{yuan(a.chargedFen)}</td>
                  <td className="num">{a.availableFen === null ? t('groups.noLimit') : yuan(a.availableFen)}</td>
                  <td className="num">{a.piApprovalAboveFen === null ? t('groups.never') : yuan(a.piApprovalAboveFen)}</td>
                  <td><Badge tone={a.state === 'active' ? 'good' : 'bad'}>{t(a.state === 'active' ? 'groups.state.active' : 'groups.state.frozen')}</Badge></td>
                  <td className="nowrap">{localDate(a.validFrom)} –<br />{a.validTo ? localDate(a.validTo) : t('groups.noLimit')}</td>
                  {(finance || rule) && (
                    <td>
                      <div className="actions">
                        {finance && <button type="button" disabled={action.busy} onClick={() => change(a, { state: a.state === 'active' ? 'frozen' : 'active' })}>{t(a.state === 'active' ? 'groups.freeze' : 'groups.unfreeze')}</button>}
                        {finance && <button type="button" disabled={action.busy} onClick={() => budget(a)}>{t('groups.changeBudget')}</button>}
                        {rule && <button type="button" disabled={action.busy} onClick={() => threshold(a)}>{t('groups.setThreshold')}</button>}
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {finance && <OpenAccountForm groupId={group.id} onOpened={accounts.reload} />}
      {dialog}
    </section>
  );
}

function OpenAccountForm({ groupId, onOpened }: { groupId: string; onOpened(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [form, setForm] = useState({ code: '', name: '', budget: '', threshold: '', validFrom: localDate(new Date()), validTo: '' });
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [field]: e.target.value });
  const budgetFen = form.budget.trim() ? parseYuan(form.budget) : null;
  const thresholdFen = form.threshold.trim() ? parseYuan(form.threshold) : null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const opened = await action.run(() => call(api.POST('/api/v1/research-groups/{id}/fund-accounts', {
      params: { path: { id: groupId } },
      body: {
        code: form.code.trim(), name: form.name.trim(), validFrom: form.validFrom, ...(form.validTo ? { validTo: form.validTo } : {}),
        ...(budgetFen !== null ? { budgetFen } : {}), ...(thresholdFen !== null ? { piApprovalAboveFen: thresholdFen } : {}),
      },
    })));
    if (opened) {
      setDone(t('groups.opened', { code: opened.code }));
      setForm({ ...form, code: '', name: '', budget: '', threshold: '' });
      onOpened();
    }
  };
  const badAmount = (text: string) => (text.trim() !== '' && parseYuan(text) === null ? t('groups.notAmount') : undefined);
  return (
    <form onSubmit={submit} aria-label={t('groups.openAccount')}>
      <h3>{t('groups.openAccount')}</h3>
      <div className="row">
        <Field label={t('groups.code')}>{(id) => <input id={id} required maxLength={64} pattern="[A-Za-z0-9._\-]+" value={form.code} onChange={set('code')} />}</Field>
        <Field label={t('groups.accountName')}>{(id) => <input id={id} required maxLength={200} value={form.name} onChange={set('name')} />}</Field>
      </div>
      <div className="row">
        <Field label={t('groups.budget')} hint={badAmount(form.budget)}>{(id) => <input id={id} inputMode="decimal" value={form.budget} onChange={set('budget')} />}</Field>
        <Field label={t('groups.threshold')} hint={badAmount(form.threshold)}>{(id) => <input id={id} inputMode="decimal" value={form.threshold} onChange={set('threshold')} />}</Field>
      </div>
      <div className="row">
        <Field label={t('groups.validFrom')}>{(id) => <input id={id} type="date" required value={form.validFrom} onChange={set('validFrom')} />}</Field>
        <Field label={t('groups.validTo')}>{(id) => <input id={id} type="date" value={form.validTo} onChange={set('validTo')} />}</Field>
      </div>
      <FormEnd error={action.error} done={done} busy={action.busy || !!badAmount(form.budget) || !!badAmount(form.threshold)} submit={t('groups.openAccount')} />
    </form>
  );
}

/** Members' bookings above an account's threshold: the PI approves or rejects them; the group's other readers see them wait. */
function WaitingForPi({ group, nameOf }: { group: ResearchGroupView; nameOf(id: string): string }) {
  const { t } = useI18n();
  const user = useUser();
  const pi = can(actorOf(user), 'booking.pi-decide', groupObject(group));
  const waiting = useLoad(() => call(api.GET('/api/v1/research-groups/{id}/pi-approvals', { params: { path: { id: group.id } } })), [group.id]);
  const accounts = useLoad(() => call(api.GET('/api/v1/research-groups/{id}/fund-accounts', { params: { path: { id: group.id } } })), [group.id]);
  const codes = Object.fromEntries((accounts.data ?? []).map((a) => [a.id, a.code]));
  const instruments = useInstrumentNames((waiting.data ?? []).map((b) => b.instrumentId));
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [dialog, ask] = useAsk();

  const approve = async (b: BookingView) => {
    setDone(null);
    const decided = await action.run(() => call(api.POST('/api/v1/bookings/{id}/pi-approve', { params: { path: { id: b.id } }, body: {} })));
    if (decided) setDone(t('groups.approved', { code: decided.code }));
    waiting.reload();
  };
  const reject = async (b: BookingView) => {
    const reason = await ask({ title: t('groups.rejectTitle'), label: t('groups.rejectReason'), maxLength: 500, multiline: true, confirm: t('groups.reject'), danger: true });
    if (reason === null) return;
    setDone(null);
    const decided = await action.run(() => call(api.POST('/api/v1/bookings/{id}/pi-reject', { params: { path: { id: b.id } }, body: reason ? { reason } : {} })));
    if (decided) setDone(t('groups.rejected', { code: decided.code }));
    waiting.reload();
  };

  return (
    <section className="card" aria-labelledby="group-waiting">
      <h2 id="group-waiting">{t(pi ? 'groups.waiting' : 'groups.waitingOthers')}</h2>
      <ErrorNotice error={waiting.error ?? action.error} />
      {done && <Success>{done}</Success>}
      <Loading when={waiting.loading && !waiting.data} />
      {waiting.data && waiting.data.length === 0 && <p>{t(pi ? 'groups.noneWaiting' : 'groups.noneWaitingOthers')}</p>}
      {waiting.data && waiting.data.length > 0 && (
        <ul className="cards">
          {waiting.data.map((b) => (
            <li key={b.id} className="card" data-waiting={b.code}>
              <h3>{instruments[b.instrumentId] ?? '…'} <Badge tone="warn">{b.code}</Badge></h3>
              <p>{t('groups.booker')}：{nameOf(b.userId)}</p>
              <p>{t('groups.time')}：{dateTime(b.start)} – {dateTime(b.end).slice(11)}</p>
              <p>{t('groups.account')}：{b.fundAccountId ? codes[b.fundAccountId] ?? '…' : '—'}</p>
              <p className="muted">{t('groups.purpose')}：{b.purpose}</p>
              {pi && (
                <div className="actions">
                  <button type="button" className="primary" disabled={action.busy} onClick={() => approve(b)}>{t('groups.approve')}</button>
                  <button type="button" disabled={action.busy} onClick={() => reject(b)}>{t('groups.reject')}</button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {dialog}
    </section>
  );
}

function CreateGroupForm({ onCreated }: { onCreated(group: ResearchGroupView): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [piEmail, setPiEmail] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const made = await action.run(() => call(api.POST('/api/v1/research-groups', { body: { name: name.trim(), piEmail: piEmail.trim() } })));
    if (made) {
      setDone(t('groups.created', { name: made.name }));
      setName('');
      setPiEmail('');
      onCreated(made);
    }
  };
  return (
    <section className="card" aria-labelledby="group-create">
      <h2 id="group-create">{t('groups.create')}</h2>
      <form className="row" onSubmit={submit} aria-label={t('groups.create')}>
        <Field label={t('groups.name')}>{(id) => <input id={id} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <Field label={t('groups.piEmail')}>{(id) => <input id={id} type="email" required maxLength={200} value={piEmail} onChange={(e) => setPiEmail(e.target.value)} />}</Field>
        <FormEnd error={action.error} done={done} busy={action.busy} submit={t('groups.create')} />
      </form>
    </section>
  );
}
