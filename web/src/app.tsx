/** The app shell: header, and the page the path names (signed-in and password-change rules first). */
import { reservedSlugs, slugPattern } from '../../shared/slug';
import { AppHeader } from './components/app-header';
import { ErrorMessage } from './components/error-message';
import { t, useLocale } from './i18n';
import { AdminAuditPage } from './pages/admin-audit-page';
import { AdminUsersPage } from './pages/admin-users-page';
import { ChangePasswordPage } from './pages/change-password-page';
import { EndpointPage } from './pages/endpoint-page';
import { EndpointsPage } from './pages/endpoints-page';
import { HomePage } from './pages/home-page';
import { LoginPage } from './pages/login-page';
import { MeetingManagePage } from './pages/meeting-manage-page';
import { MeetingPage } from './pages/meeting-page';
import { NewMeetingPage } from './pages/new-meeting-page';
import { MessagePage } from './pages/not-found-page';
import { loginPath, Redirect, safeNextPath, useLocation } from './router';
import { SessionProvider, useSession } from './session';

function Routes() {
  const { user, loadError } = useSession();
  const { pathname, searchParams } = useLocation();

  if (user === undefined) return <p className="page muted">{t('common.loading')}</p>;

  if (pathname === '/login') {
    if (user) return <Redirect to={safeNextPath(searchParams.get('next'))} />;
    return (
      <>
        {loadError && (
          <div className="page narrow">
            <ErrorMessage error={loadError} />
          </div>
        )}
        <LoginPage next={searchParams.get('next')} />
      </>
    );
  }
  if (!user) return <Redirect to={loginPath(pathname)} />;
  if (user.mustChangePassword) return <ChangePasswordPage />;

  if (pathname === '/') return <HomePage />;
  if (pathname === '/admin/users' || pathname === '/admin/meetings/new') {
    if (user.role !== 'operator') return <MessagePage message="forbidden" />;
    return pathname === '/admin/users' ? <AdminUsersPage /> : <NewMeetingPage />;
  }
  if (pathname === '/admin/audit') return user.role === 'operator' ? <AdminAuditPage /> : <MessagePage message="forbidden" />;
  const managed = /^\/meetings\/([0-9a-f-]{36})\/manage\/?$/.exec(pathname);
  if (managed) return <MeetingManagePage key={managed[1]} id={managed[1]!} />;
  if (pathname === '/admin/endpoints' || pathname === '/admin/endpoints/') return <EndpointsPage />;
  const endpointId = /^\/admin\/endpoints\/([0-9a-f-]{36})\/?$/i.exec(pathname)?.[1];
  if (endpointId) return <EndpointPage key={endpointId} id={endpointId} />;
  const slug = pathname.slice(1).replace(/\/$/, '');
  if (slugPattern.test(slug) && !reservedSlugs.has(slug)) return <MeetingPage key={slug} slug={slug} />;
  return <MessagePage message="common.notFound" />;
}

export function App() {
  useLocale(); // the whole tree re-renders in the new language
  return (
    <SessionProvider>
      <AppHeader />
      <Routes />
    </SessionProvider>
  );
}
