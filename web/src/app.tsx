/** The app shell: header, and the page the path names (signed-in and password-change rules first). */
import { reservedSlugs, slugPattern } from '../../shared/slug';
import { AppHeader } from './components/app-header';
import { ErrorMessage } from './components/error-message';
import { t, useLocale } from './i18n';
import { AccountPage } from './auth/account-page';
import { EnrolSecondFactorPage } from './auth/enrol-second-factor-page';
import { SecondFactorPage } from './auth/second-factor-page';
import { UserSecurityPage } from './auth/user-security-page';
import { AdminAuditPage } from './audit/admin-audit-page';
import { SecurityPage } from './security/security-page';
import { FeedbackPage } from './feedback/feedback-page';
import { StatisticsPage } from './statistics/statistics-page';
import { ReportSignPage, ReportsPage } from './reports/reports-page';
import { AdminHolidaysPage } from './calendar/admin-holidays-page';
import { SchedulePage } from './schedule/schedule-page';
import { AdminOutboxPage } from './mail/admin-outbox-page';
import { AdminUnitsPage } from './organisation/admin-units-page';
import { AdminUsersPage } from './organisation/admin-users-page';
import { ChangePasswordPage } from './auth/change-password-page';
import { EndpointPage } from './endpoints/endpoint-page';
import { EndpointsPage } from './endpoints/endpoints-page';
import { HomePage } from './meetings/home-page';
import { LoginPage } from './auth/login-page';
import { UnitAttendeesPage } from './attendees/unit-attendees-page';
import { WelcomePage } from './auth/welcome-page';
import { ForgotPasswordPage } from './auth/forgot-password-page';
import { MeetingManagePage } from './meetings/meeting-manage-page';
import { MeetingPage } from './meetings/meeting-page';
import { MeetingRecordsPage } from './attendance/meeting-records-page';
import { RoomPeoplePage } from './attendance/room-people';
import { SigningCertificatesPage } from './signatures/certificates-page';
import { VerifyPage } from './signatures/verify-page';
import { MeetingRepliesPage } from './replies/meeting-replies-page';
import { NewMeetingPage } from './meetings/new-meeting-page';
import { ReadinessPage } from './readiness/readiness-page';
import { TechnicalCheckPage } from './readiness/technical-check-page';
import { MessagePage } from './components/not-found-page';
import { ConclusionsPage } from './conclusions/conclusions-page';
import { MyTasksPage } from './tasks/my-tasks-page';
import { TaskBoardPage } from './tasks/task-board-page';
import { SubstituteReportsPage } from './substitute-reports/substitute-reports-page';
import { loginPath, Redirect, safeNextPath, useLocation } from './router';
import { SessionProvider, useSession } from './session';

function Routes() {
  const { user, loadError, secondFactorRequired, secondFactorEnrolmentRequired } = useSession();
  const { pathname, searchParams } = useLocation();

  if (user === undefined) return <p className="page muted">{t('common.loading')}</p>;

  // the one-time sign-in link of an imported account: whoever is signed in on this browser, the link is its holder's
  if (pathname === '/welcome') return <WelcomePage />;
  // "Quên mật khẩu?" and its mailed link: open signed in or not (the link is its holder's)
  if (pathname === '/reset-password') return <WelcomePage reset />;
  if (pathname === '/forgot-password') return user ? <Redirect to="/" /> : <ForgotPasswordPage />;
  // anyone checks a signed PDF, signed in or not
  if (pathname === '/verify') return <VerifyPage />;
  if (pathname === '/login') {
    if (user) return <Redirect to={safeNextPath(searchParams.get('next'))} />;
    if (secondFactorRequired) return <SecondFactorPage next={searchParams.get('next')} />;
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
  if (secondFactorEnrolmentRequired) return <EnrolSecondFactorPage />;

  if (pathname === '/') return <HomePage />;
  if (pathname === '/account') return <AccountPage />;
  const securityOf = /^\/admin\/users\/([0-9a-f-]{36})\/security\/?$/i.exec(pathname)?.[1];
  if (securityOf) return user.role === 'operator' ? <UserSecurityPage key={securityOf} id={securityOf} /> : <MessagePage message="forbidden" />;
  if (pathname === '/admin/users' || pathname === '/admin/meetings/new') {
    // the operator for everyone, organisers for their unit and the units under it (the server checks each request)
    if (user.role !== 'operator' && user.role !== 'organiser') return <MessagePage message="forbidden" />;
    return pathname === '/admin/users' ? <AdminUsersPage /> : <NewMeetingPage />;
  }
  if (pathname === '/admin/units') return user.role === 'operator' ? <AdminUnitsPage /> : <MessagePage message="forbidden" />;
  if (pathname === '/feedback') return <FeedbackPage />;
  if (pathname === '/statistics') return user.role === 'operator' || user.role === 'organiser' ? <StatisticsPage /> : <MessagePage message="forbidden" />;
  // The quarterly report (R5.1): the unit's office and the operator; the signer's page from the bell.
  if (pathname === '/reports' || pathname === '/reports/') return user.role === 'operator' || user.role === 'organiser' ? <ReportsPage /> : <MessagePage message="forbidden" />;
  const reportSignable = /^\/reports\/sign\/([0-9a-f-]{36})\/?$/.exec(pathname)?.[1];
  if (reportSignable) return <ReportSignPage key={reportSignable} signableId={reportSignable} />;
  if (pathname === '/admin/security') return user.role === 'operator' ? <SecurityPage /> : <MessagePage message="forbidden" />;
  if (pathname === '/admin/audit') return user.role === 'operator' ? <AdminAuditPage /> : <MessagePage message="forbidden" />;
  if (pathname === '/admin/signing-certificates') return user.role === 'operator' ? <SigningCertificatesPage /> : <MessagePage message="forbidden" />;
  const roomPeople = /^\/meetings\/([0-9a-f-]{36})\/room-people\/?$/.exec(pathname);
  if (roomPeople) return <RoomPeoplePage key={roomPeople[1]} id={roomPeople[1]!} />;
  if (pathname === '/admin/holidays') return user.role === 'operator' ? <AdminHolidaysPage /> : <MessagePage message="forbidden" />;
  if (pathname === '/schedule' || pathname === '/schedule/') return <SchedulePage />;
  if (pathname === '/admin/outbox') return user.role === 'operator' || user.role === 'organiser' ? <AdminOutboxPage /> : <MessagePage message="forbidden" />;
  if (pathname === '/tasks' || pathname === '/tasks/') return <MyTasksPage />;
  if (pathname === '/tasks/board') return user.role === 'operator' || user.role === 'organiser' ? <TaskBoardPage /> : <MessagePage message="forbidden" />;
  if (pathname === '/substitute-reports') return <SubstituteReportsPage />;
  const conclusionsOf = /^\/meetings\/([0-9a-f-]{36})\/conclusions\/?$/.exec(pathname)?.[1];
  if (conclusionsOf) return <ConclusionsPage key={conclusionsOf} id={conclusionsOf} />;
  const managed = /^\/meetings\/([0-9a-f-]{36})\/manage\/?$/.exec(pathname);
  if (managed) return <MeetingManagePage key={managed[1]} id={managed[1]!} />;
  const records = /^\/meetings\/([0-9a-f-]{36})\/records\/?$/.exec(pathname);
  if (records) return <MeetingRecordsPage key={records[1]} id={records[1]!} />;
  const unitAttendees = /^\/meetings\/([0-9a-f-]{36})\/units\/([0-9a-f-]{36})\/attendees\/?$/.exec(pathname);
  if (unitAttendees) return <UnitAttendeesPage key={`${unitAttendees[1]}:${unitAttendees[2]}`} meetingId={unitAttendees[1]!} unitId={unitAttendees[2]!} />;
  const repliesOf = /^\/meetings\/([0-9a-f-]{36})\/replies\/?$/.exec(pathname)?.[1];
  if (repliesOf) return <MeetingRepliesPage key={repliesOf} id={repliesOf} />;
  const readiness = /^\/meetings\/([0-9a-f-]{36})\/(readiness|check)\/?$/.exec(pathname);
  if (readiness?.[2] === 'readiness') return <ReadinessPage key={readiness[1]} id={readiness[1]!} />;
  if (readiness) return <TechnicalCheckPage key={readiness[1]} id={readiness[1]!} />;
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
