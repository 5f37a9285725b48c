import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { homeOf } from '../App';
import { ErrorNotice, Field } from '../components/ui';
import { useAction } from '../hooks';
import { useI18n } from '../i18n';
import { useSession } from '../session';

export function LoginPage() {
  const { t, language, setLanguage } = useI18n();
  const { signIn, expired } = useSession();
  const navigate = useNavigate();
  // A bookmarked page opens after signing in; the sign-in page itself leads to the role's home.
  const location = useLocation();
  const wanted = location.pathname === '/login' || location.pathname === '/' ? null : `${location.pathname}${location.search}`;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const user = await action.run(() => signIn(email.trim(), password));
    if (user) navigate(wanted ?? homeOf(user.role), { replace: true });
  };

  return (
    <main id="main" className="login">
      <div className="login-card">
        <div className="brand big">
          <span className="logo" aria-hidden="true">仪</span>
          <div>
            <h1>{t('app.name')}</h1>
            <p className="muted">{t('app.tagline')}</p>
          </div>
        </div>
        {expired && (
          <p role="status" className="notice notice-warn" data-notice="session-expired">
            {t('session.expired')}
          </p>
        )}
        <form onSubmit={submit} aria-label={t('login.title')}>
          <Field label={t('login.email')}>
            {(id) => <input id={id} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <Field label={t('login.password')}>
            {(id) => <input id={id} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
          <ErrorNotice error={action.error} />
          <button type="submit" className="primary" disabled={action.busy}>
            {action.busy ? t('common.working') : t('login.submit')}
          </button>
        </form>
        <button type="button" className="link" onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}>
          {language === 'zh' ? 'English' : '中文'}
        </button>
      </div>
    </main>
  );
}
