import type { Role } from '@yixiang/contracts';
import { useEffect, useState, type ReactNode } from 'react';
import { api, call } from '../api/client';
import { NavLink } from 'react-router';
import { useI18n, type MessageKey } from '../i18n';
import { useSession, useUser } from '../session';

const NAV: { to: string; label: MessageKey; roles: Role[] }[] = [
  { to: '/', label: 'nav.search', roles: ['researcher', 'institution_admin', 'operator', 'bureau', 'auditor'] },
  { to: '/bookings', label: 'nav.bookings', roles: ['researcher', 'institution_admin', 'operator', 'bureau', 'auditor'] },
  { to: '/sample-orders', label: 'nav.sampleOrders', roles: ['researcher', 'institution_admin', 'operator'] },
  { to: '/approvals', label: 'nav.approvals', roles: ['institution_admin', 'operator'] },
  { to: '/sample-queue', label: 'nav.sampleQueue', roles: ['institution_admin', 'operator'] },
  { to: '/billing', label: 'nav.billing', roles: ['researcher', 'institution_admin', 'bureau', 'auditor'] },
  { to: '/manage/instruments', label: 'nav.manage', roles: ['institution_admin'] },
  { to: '/usage', label: 'nav.usage', roles: ['institution_admin', 'operator'] },
  { to: '/qualifications', label: 'nav.qualifications', roles: ['institution_admin', 'operator'] },
  { to: '/groups', label: 'nav.groups', roles: ['researcher', 'institution_admin'] },
  { to: '/training', label: 'nav.training', roles: ['researcher', 'institution_admin', 'operator'] },
  { to: '/terminals', label: 'nav.terminals', roles: ['institution_admin', 'operator'] },
  { to: '/utilisation', label: 'nav.utilisation', roles: ['institution_admin'] },
  { to: '/evaluation', label: 'nav.evaluation', roles: ['institution_admin'] },
  { to: '/institutions', label: 'nav.institutions', roles: ['bureau', 'auditor'] },
  { to: '/vouchers', label: 'nav.vouchers', roles: ['bureau', 'auditor'] },
  { to: '/voucher-programmes', label: 'nav.voucherProgrammes', roles: ['bureau', 'auditor'] },
  { to: '/voucher-review', label: 'nav.voucherReview', roles: ['bureau', 'auditor'] },
  { to: '/voucher-applications', label: 'nav.voucherApply', roles: ['researcher', 'institution_admin'] },
  { to: '/voucher-claims', label: 'nav.claims', roles: ['institution_admin', 'operator', 'bureau', 'auditor'] },
  { to: '/voucher-ledger', label: 'nav.ledger', roles: ['bureau', 'auditor'] },
  { to: '/imports', label: 'nav.imports', roles: ['bureau', 'institution_admin'] },
  { to: '/settlements', label: 'nav.settlements', roles: ['bureau', 'auditor'] },
  { to: '/policies', label: 'nav.policies', roles: ['bureau', 'auditor'] },
  { to: '/subsidy', label: 'nav.subsidy', roles: ['bureau', 'auditor'] },
  { to: '/statistics', label: 'nav.statistics', roles: ['bureau', 'auditor'] },
  { to: '/national-reporting', label: 'nav.national', roles: ['institution_admin', 'bureau', 'auditor'] },
  { to: '/audit', label: 'nav.audit', roles: ['bureau', 'auditor'] },
];

/** Told when the inbox changed here (read, all read), so the header's count follows at once. */
export const NOTIFICATIONS_CHANGED = 'yixiang:notifications-changed';

/** The header's link to the inbox with the unread count, asked again every 30 s and after a change. */
function UnreadLink() {
  const { t } = useI18n();
  const [unread, setUnread] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    const ask = () => call(api.GET('/api/v1/notifications/unread-count', {})).then((r) => live && setUnread(r.unread), () => undefined);
    ask();
    const timer = setInterval(ask, 30000);
    window.addEventListener(NOTIFICATIONS_CHANGED, ask);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, ask);
    };
  }, []);
  return (
    <NavLink to="/notifications" className="unread-link" aria-label={`${t('nav.notifications')}${unread ? `（${t('nav.unread', { n: unread })}）` : ''}`}>
      {t('nav.notifications')}
      {unread ? <span className="count" aria-hidden="true">{unread > 99 ? '99+' : unread}</span> : null}
    </NavLink>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t, language, setLanguage } = useI18n();
  const { signOut } = useSession();
  const user = useUser();
  const [open, setOpen] = useState(false);
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label={t('app.name')}>
          <span className="logo" aria-hidden="true">仪</span>
          <span>{t('app.name')}</span>
        </NavLink>
        <button type="button" className="menu-toggle" aria-expanded={open} aria-controls="primary-nav" onClick={() => setOpen(!open)}>
          {t('nav.menu')}
        </button>
        <div className="who">
          <UnreadLink />
          <span className="muted">
            {user.name} · {t(`role.${user.role}` as MessageKey)}
            {user.role === 'bureau' ? ` · ${user.region ? t('region.officer', { region: user.region }) : t('region.joint')}` : ''}
          </span>
          <button type="button" className="link" onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')} lang={language === 'zh' ? 'en' : 'zh-CN'}>
            {language === 'zh' ? 'English' : '中文'}
          </button>
          <button type="button" className="link" onClick={signOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <nav id="primary-nav" className={`sidebar ${open ? 'open' : ''}`} aria-label={t('nav.primary')}>
        <ul>
          {NAV.filter((item) => item.roles.includes(user.role)).map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.to === '/'} onClick={() => setOpen(false)}>
                {t(item.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
