/** The app shell: header, and the page the path names (signed-in and password-change rules first). */
import { lazy, Suspense } from 'react';
import { reservedSlugs, slugPattern } from '../../shared/slug';
import { AppHeader } from './components/app-header';
import { ErrorMessage } from './components/error-message';
import { t, useLocale } from './i18n';
import { LoginPage } from './auth/login-page';
import { MessagePage } from './components/not-found-page';
import { loginPath, Redirect, safeNextPath, useLocation } from './router';
import { SessionProvider, useSession } from './session';

/**
 * Pages are loaded with their route (issue 18.7): the sign-in page's script is the shell and the sign-in page only;
 * the meeting room, the schedule and the administration come as their own chunks when first opened.
 */
const EnrolSecondFactorPage = lazy(() => import('./auth/enrol-second-factor-page').then((m) => ({ default: m.EnrolSecondFactorPage })));
const SecondFactorPage = lazy(() => import('./auth/second-factor-page').then((m) => ({ default: m.SecondFactorPage })));
const ChangePasswordPage = lazy(() => import('./auth/change-password-page').then((m) => ({ default: m.ChangePasswordPage })));
const WelcomePage = lazy(() => import('./auth/welcome-page').then((m) => ({ default: m.WelcomePage })));
const ForgotPasswordPage = lazy(() => import('./auth/forgot-password-page').then((m) => ({ default: m.ForgotPasswordPage })));
const AccountPage = lazy(() => import('./auth/account-page').then((m) => ({ default: m.AccountPage })));
const UserSecurityPage = lazy(() => import('./auth/user-security-page').then((m) => ({ default: m.UserSecurityPage })));
const AdminAuditPage = lazy(() => import('./audit/admin-audit-page').then((m) => ({ default: m.AdminAuditPage })));
const SecurityPage = lazy(() => import('./security/security-page').then((m) => ({ default: m.SecurityPage })));
const IncidentsPage = lazy(() => import('./incidents/incidents-page').then((m) => ({ default: m.IncidentsPage })));
const EquipmentPage = lazy(() => import('./equipment/equipment-page').then((m) => ({ default: m.EquipmentPage })));
const ChecklistPage = lazy(() => import('./equipment/checklist-page').then((m) => ({ default: m.ChecklistPage })));
const EvaluationPage = lazy(() => import('./equipment/evaluation-page').then((m) => ({ default: m.EvaluationPage })));
const ReportsPage = lazy(() => import('./reports/reports-page').then((m) => ({ default: m.ReportsPage })));
const ReportSignPage = lazy(() => import('./reports/reports-page').then((m) => ({ default: m.ReportSignPage })));
const StatisticsPage = lazy(() => import('./statistics/statistics-page').then((m) => ({ default: m.StatisticsPage })));
const FeedbackPage = lazy(() => import('./feedback/feedback-page').then((m) => ({ default: m.FeedbackPage })));
const ConsolePage = lazy(() => import('./console/console-page').then((m) => ({ default: m.ConsolePage })));
const AdminHolidaysPage = lazy(() => import('./calendar/admin-holidays-page').then((m) => ({ default: m.AdminHolidaysPage })));
const SchedulePage = lazy(() => import('./schedule/schedule-page').then((m) => ({ default: m.SchedulePage })));
const AdminOutboxPage = lazy(() => import('./mail/admin-outbox-page').then((m) => ({ default: m.AdminOutboxPage })));
const AdminUnitsPage = lazy(() => import('./organisation/admin-units-page').then((m) => ({ default: m.AdminUnitsPage })));
const AdminUsersPage = lazy(() => import('./organisation/admin-users-page').then((m) => ({ default: m.AdminUsersPage })));
const EndpointPage = lazy(() => import('./endpoints/endpoint-page').then((m) => ({ default: m.EndpointPage })));
const EndpointsPage = lazy(() => import('./endpoints/endpoints-page').then((m) => ({ default: m.EndpointsPage })));
const HomePage = lazy(() => import('./meetings/home-page').then((m) => ({ default: m.HomePage })));
const UnitAttendeesPage = lazy(() => import('./attendees/unit-attendees-page').then((m) => ({ default: m.UnitAttendeesPage })));
const MeetingManagePage = lazy(() => import('./meetings/meeting-manage-page').then((m) => ({ default: m.MeetingManagePage })));
const MeetingPage = lazy(() => import('./meetings/meeting-page').then((m) => ({ default: m.MeetingPage })));
const MeetingRecordsPage = lazy(() => import('./attendance/meeting-records-page').then((m) => ({ default: m.MeetingRecordsPage })));
const RoomPeoplePage = lazy(() => import('./attendance/room-people').then((m) => ({ default: m.RoomPeoplePage })));
const SigningCertificatesPage = lazy(() => import('./signatures/certificates-page').then((m) => ({ default: m.SigningCertificatesPage })));
const VerifyPage = lazy(() => import('./signatures/verify-page').then((m) => ({ default: m.VerifyPage })));
const MeetingRepliesPage = lazy(() => import('./replies/meeting-replies-page').then((m) => ({ default: m.MeetingRepliesPage })));
const NewMeetingPage = lazy(() => import('./meetings/new-meeting-page').then((m) => ({ default: m.NewMeetingPage })));
const ReadinessPage = lazy(() => import('./readiness/readiness-page').then((m) => ({ default: m.ReadinessPage })));
const TechnicalCheckPage = lazy(() => import('./readiness/technical-check-page').then((m) => ({ default: m.TechnicalCheckPage })));
const ConclusionsPage = lazy(() => import('./conclusions/conclusions-page').then((m) => ({ default: m.ConclusionsPage })));
const MyTasksPage = lazy(() => import('./tasks/my-tasks-page').then((m) => ({ default: m.MyTasksPage })));
const TaskBoardPage = lazy(() => import('./tasks/task-board-page').then((m) => ({ default: m.TaskBoardPage })));
const SubstituteReportsPage = lazy(() => import('./substitute-reports/substitute-reports-page').then((m) => ({ default: m.SubstituteReportsPage })));

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
  if (pathname === '/incidents' || pathname === '/incidents/') return user.role === 'operator' || user.role === 'organiser' || user.role === 'technician' ? <IncidentsPage /> : <MessagePage message="forbidden" />;
  if (pathname === '/console') return user.role === 'operator' ? <ConsolePage /> : <MessagePage message="console_operator_only" />;
  // equipment (R5.3): the register and log, the yearly evaluation (offices and the operator), a meeting's checklists
  if (pathname === '/equipment' || pathname === '/equipment/') return <EquipmentPage />;
  if (pathname === '/equipment/evaluation') return user.role === 'operator' || user.role === 'organiser' ? <EvaluationPage /> : <MessagePage message="forbidden" />;
  const checklistOf = /^\/meetings\/([0-9a-f-]{36})\/checklist\/?$/.exec(pathname)?.[1];
  if (checklistOf) return <ChecklistPage key={checklistOf} id={checklistOf} />;
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
      <Suspense fallback={<p className="page muted">{t('common.loading')}</p>}>
        <Routes />
      </Suspense>
    </SessionProvider>
  );
}
