import { getLocale, setLocale, t } from '../i18n';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { NotificationBell } from '../notifications/notification-bell';

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
          {(user.role === 'operator' || user.role === 'organiser') && (
            <Link to="/admin/meetings/new" data-testid="nav-new-meeting">
              {t('nav.newMeeting')}
            </Link>
          )}
          {(user.role === 'operator' || user.role === 'organiser') && (
            <Link to="/admin/users" data-testid="nav-users">
              {t('nav.users')}
            </Link>
          )}
          {user.role === 'operator' && (
            <Link to="/admin/units" data-testid="nav-units">
              {t('nav.units')}
            </Link>
          )}
          {(user.role === 'operator' || user.role === 'organiser') && <Link to="/admin/endpoints">{t('nav.endpoints')}</Link>}
          {user.role === 'technician' && <Link to="/admin/endpoints">{t('nav.myEndpoints')}</Link>}
          {(user.role === 'operator' || user.role === 'organiser') && (
            <Link to="/admin/outbox" data-testid="nav-outbox">
              {t('nav.outbox')}
            </Link>
          )}
          {user.role === 'operator' && (
            <Link to="/admin/holidays" data-testid="nav-holidays">
              {t('nav.holidays')}
            </Link>
          )}
          {user.role === 'operator' && (
            <Link to="/admin/signing-certificates" data-testid="nav-certificates">
              {t('nav.certificates')}
            </Link>
          )}
          <Link to="/verify" data-testid="nav-verify">
            {t('nav.verify')}
          </Link>
          {user.role === 'operator' && (
            <Link to="/admin/audit" data-testid="nav-audit">
              {t('nav.audit')}
            </Link>
          )}
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
