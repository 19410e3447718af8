import { lazy, Suspense, useEffect, useId, useState } from 'react';
import { getLocale, setLocale, t } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { AdminMenu, type AdminMenuItem } from './admin-menu';
import type { Role } from '../../../shared/api';

/** The bell and the notices' wording (every domain's) load once signed in, not with the sign-in page. */
const NotificationBell = lazy(() => import('../notifications/notification-bell').then((m) => ({ default: m.NotificationBell })));

/** What the administration menu holds for a role (the server checks every request again). */
function adminItems(role: Role): AdminMenuItem[] {
  const managers = role === 'operator' || role === 'organiser';
  const operator = role === 'operator';
  return [
    ...(operator ? [{ to: '/console', label: t('nav.console'), testId: 'nav-console' }] : []),
    ...(managers ? [{ to: '/tasks/board', label: t('nav.taskBoard'), testId: 'nav-task-board' }] : []),
    ...(managers ? [{ to: '/incidents', label: t('nav.incidents'), testId: 'nav-incidents' }] : []),
    ...(managers ? [{ to: '/reports', label: t('nav.reports'), testId: 'nav-reports' }] : []),
    ...(managers ? [{ to: '/admin/users', label: t('nav.users'), testId: 'nav-users' }] : []),
    ...(operator ? [{ to: '/admin/units', label: t('nav.units'), testId: 'nav-units' }] : []),
    ...(managers ? [{ to: '/admin/endpoints', label: t('nav.endpoints'), testId: 'nav-endpoints' }] : []),
    ...(managers ? [{ to: '/equipment', label: t('nav.equipment'), testId: 'nav-equipment' }] : []),
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
      onClick={() => void setLocale(getLocale() === 'vi' ? 'en' : 'vi')}
      data-testid="language-switch"
    >
      {t('nav.otherLanguage')}
    </button>
  );
}

/**
 * The header: on a wide screen one row (brand, links, the administration menu, the user's end); on a phone one
 * compact row (brand, the bell, "Menu"), the links and the user's end folding into a panel under it (issue 18.5).
 */
export function AppHeader() {
  const { user, signOut, secondFactorEnrolmentRequired } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuId = useId();
  const { pathname } = useLocation();
  useEffect(() => setMenuOpen(false), [pathname]);
  /** Signed in and past the password change and the operators' second-factor enrolment. */
  const complete = Boolean(user && !user.mustChangePassword && !secondFactorEnrolmentRequired);
  const handleSignOut = async () => {
    await signOut().catch(() => undefined); // signed out locally even if the server did not answer
    navigate('/login');
  };
  return (
    <header className={`app-header${menuOpen ? ' menu-open' : ''}`}>
      <Link to="/" className="brand">
        {t('app.name')}
      </Link>
      {user && complete && (
        <Suspense fallback={null}>
          <NotificationBell />
        </Suspense>
      )}
      <button
        type="button"
        className="header-menu-toggle"
        aria-expanded={menuOpen}
        aria-controls={menuId}
        onClick={() => setMenuOpen(!menuOpen)}
        data-testid="header-menu-toggle"
      >
        <span aria-hidden="true">☰</span> {t('nav.menu')}
      </button>
      <div className="header-menu" id={menuId}>
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
            {user.role === 'technician' && (
              <Link to="/equipment" data-testid="nav-equipment">
                {t('nav.equipment')}
              </Link>
            )}
            {user.role === 'technician' && (
              <Link to="/incidents" data-testid="nav-incidents">
                {t('nav.incidents')}
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
          <LanguageSwitch />
          {user && (
            <button type="button" className="link-button" onClick={() => void handleSignOut()} data-testid="sign-out">
              {t('nav.signOut')}
            </button>
          )}
        </div>
      </div>
    </header>
  );
}
