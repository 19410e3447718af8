import { getLocale, setLocale, t } from '../i18n';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { NotificationBell } from '../notifications/notification-bell';
import { AdminMenu, type AdminMenuItem } from './admin-menu';
import type { Role } from '../../../shared/api';

/** What the administration menu holds for a role (the server checks every request again). */
function adminItems(role: Role): AdminMenuItem[] {
  const managers = role === 'operator' || role === 'organiser';
  const operator = role === 'operator';
  return [
    ...(managers ? [{ to: '/tasks/board', label: t('nav.taskBoard'), testId: 'nav-task-board' }] : []),
    ...(managers ? [{ to: '/reports', label: t('nav.reports'), testId: 'nav-reports' }] : []),
    ...(managers ? [{ to: '/admin/users', label: t('nav.users'), testId: 'nav-users' }] : []),
    ...(operator ? [{ to: '/admin/units', label: t('nav.units'), testId: 'nav-units' }] : []),
    ...(managers ? [{ to: '/admin/endpoints', label: t('nav.endpoints'), testId: 'nav-endpoints' }] : []),
    ...(managers ? [{ to: '/admin/outbox', label: t('nav.outbox'), testId: 'nav-outbox' }] : []),
    ...(operator ? [{ to: '/admin/holidays', label: t('nav.holidays'), testId: 'nav-holidays' }] : []),
    ...(operator ? [{ to: '/admin/audit', label: t('nav.audit'), testId: 'nav-audit' }] : []),
    ...(operator ? [{ to: '/admin/security', label: t('nav.security'), testId: 'nav-security' }] : []),
    ...(operator ? [{ to: '/admin/signing-certificates', label: t('nav.certificates'), testId: 'nav-certificates' }] : []),
    ...(managers || role === 'secretary' ? [{ to: '/verify', label: t('nav.verify'), testId: 'nav-verify' }] : []),
  ];
}

export function LanguageSwitch() {
  return (
    <button
      type="button"
      className="link-button"
      title={t('nav.otherLanguageTitle')}
      lang={getLocale() === 'vi' ? 'en' : 'vi'}
      onClick={() => setLocale(getLocale() === 'vi' ? 'en' : 'vi')}
      data-testid="language-switch"
    >
      {t('nav.otherLanguage')}
    </button>
  );
}

export function AppHeader() {
  const { user, signOut, secondFactorEnrolmentRequired } = useSession();
  /** Signed in and past the password change and the operators' second-factor enrolment. */
  const complete = Boolean(user && !user.mustChangePassword && !secondFactorEnrolmentRequired);
  const handleSignOut = async () => {
    await signOut().catch(() => undefined); // signed out locally even if the server did not answer
    navigate('/login');
  };
  return (
    <header className="app-header">
      <Link to="/" className="brand">
        {t('app.name')}
      </Link>
      {user && complete && (
        <nav className="main-nav">
          <Link to="/">{t('nav.meetings')}</Link>
          <Link to="/schedule" data-testid="nav-schedule">
            {t('nav.schedule')}
          </Link>
          <Link to="/tasks" data-testid="nav-tasks">
            {t('nav.tasks')}
          </Link>
          {(user.role === 'operator' || user.role === 'organiser') && (
            <Link to="/admin/meetings/new" data-testid="nav-new-meeting">
              {t('nav.newMeeting')}
            </Link>
          )}
          {user.role === 'technician' && <Link to="/admin/endpoints">{t('nav.myEndpoints')}</Link>}
          {(user.role === 'operator' || user.role === 'organiser') && (
            <Link to="/statistics" data-testid="nav-statistics">
              {t('nav.statistics')}
            </Link>
          )}
          {user.role !== 'guest' && user.role !== 'endpoint' && (
            <Link to="/feedback" data-testid="nav-feedback">
              {t('nav.feedback')}
            </Link>
          )}
          <AdminMenu items={adminItems(user.role)} />
        </nav>
      )}
      <div className="header-end">
        {user &&
          (complete ? (
            <Link to="/account" className="user-name" title={t('nav.account')} data-testid="user-name">
              {user.name}
            </Link>
          ) : (
            <span className="user-name" data-testid="user-name">
              {user.name}
            </span>
          ))}
        {user && complete && <NotificationBell />}
        <LanguageSwitch />
        {user && (
          <button type="button" className="link-button" onClick={() => void handleSignOut()} data-testid="sign-out">
            {t('nav.signOut')}
          </button>
        )}
      </div>
    </header>
  );
}
