/**
 * Composition root: opens the database, starts (or reaches) Janus, wires every domain's repository, service and
 * routes into one Fastify server. `buildApp` is what `main.ts` runs and what the integration tests start.
 */
import { UnitAttendeesRepository } from './attendees/unit-attendees.repository';
import { unitAttendeesRoutes } from './attendees/unit-attendees.routes';
import { UnitAttendeesService } from './attendees/unit-attendees.service';
import { PeopleImportService } from './organisation/people-import.service';
import { SignInLinkRepository } from './organisation/sign-in-link.repository';
import { RecoveryCodeRepository } from './auth/recovery-code.repository';
import { SignInLinkService } from './organisation/sign-in-link.service';
import { OrganisationSettingsRepository } from './organisation/organisation-settings.repository';
import { organisationSettingsRoutes } from './organisation/organisation-settings.routes';
import { OrganisationSettingsService } from './organisation/organisation-settings.service';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import pino, { type Logger } from 'pino';
import { registerAuthHooks } from './auth/auth.hooks';
import { authRoutes } from './auth/auth.routes';
import { AuthService } from './auth/auth.service';
import { SessionRepository } from './auth/session.repository';
import { SignInRepository } from './auth/sign-in.repository';
import type { Config } from './config';
import { openDatabase, type Database } from './db/client';
import { webDistDir } from './paths';
import { AppError } from './errors';
import { registerRateLimits } from './http/rate-limits';
import { registerSecurityHeaders } from './http/security-headers';
import { isBrowserNavigation, signInPathFor } from './http/sign-in-redirect';
import { registerTextGuard } from './http/text-guard';
import { tlsOptions } from './http/tls';
import { frameLimitedWebSocketClass, MAX_FRAME_BYTES, websocketErrorHandler } from './http/websocket-frames';
import { registerCompression, registerWebApp } from './http/web-app';
import { liveGateway } from './live/live.gateway';
import { NatsBus } from './live/bus';
import { LiveRepository } from './live/live.repository';
import { LiveService } from './live/live.service';
import { JanusClient } from './media/janus-client';
import { JanusSupervisor, type JanusEndpoint } from './media/janus-supervisor';
import { MediaService } from './media/media.service';
import { Metrics } from './metrics/metrics';
import { metricsRoutes } from './metrics/metrics.routes';
import { FeedbackRepository } from './feedback/feedback.repository';
import { ConsoleRepository } from './console/console.repository';
import { consoleRoutes } from './console/console.routes';
import { RegisterIncidents } from './console/incidents';
import { ConsoleService } from './console/console.service';
import { feedbackRoutes } from './feedback/feedback.routes';
import { EquipmentRepository } from './equipment/equipment.repository';
import { equipmentRoutes } from './equipment/equipment.routes';
import { EquipmentService } from './equipment/equipment.service';
import { FeedbackService } from './feedback/feedback.service';
import { IncidentRepository } from './incidents/incident.repository';
import { incidentRoutes } from './incidents/incident.routes';
import { IncidentService } from './incidents/incident.service';
import { StatisticsRepository } from './statistics/statistics.repository';
import { statisticsRoutes } from './statistics/statistics.routes';
import { StatisticsService } from './statistics/statistics.service';
import { MeetingOutcomeService } from './reports/outcome.service';
import { reportsRoutes } from './reports/reports.routes';
import { ReportsRepository } from './reports/reports.repository';
import { ReportsService } from './reports/reports.service';
import { SECURITY_HEADERS, SecuritySettingsService } from './security/security-settings.service';
import { securityRoutes } from './security/security.routes';
import { placeOf } from './invitations/invitation-content';
import { MeetingRepository } from './meetings/meeting.repository';
import { meetingRoutes } from './meetings/meeting.routes';
import { MeetingService } from './meetings/meeting.service';
import { MeetingChanges } from './meetings/meeting-changes';
import { MailRepository } from './mail/mail.repository';
import { MailService } from './mail/mail.service';
import { mailRoutes } from './mail/mail.routes';
import { MailSender } from './mail/mail.sender';
import { OutboxService } from './mail/outbox.service';
import { InvitationRepository } from './invitations/invitation.repository';
import { invitationRoutes } from './invitations/invitation.routes';
import { InvitationService } from './invitations/invitation.service';
import { UserRepository } from './organisation/user.repository';
import { userRoutes } from './organisation/user.routes';
import { UserService } from './organisation/user.service';
import { UnitRepository } from './organisation/unit.repository';
import { unitRoutes } from './organisation/unit.routes';
import { UnitService } from './organisation/unit.service';
import { AuditRepository } from './audit/audit.repository';
import { auditRoutes } from './audit/audit.routes';
import { AuditAnchorFile } from './audit/audit-anchor';
import { AuditService } from './audit/audit.service';
import { loadKeyring } from './secrets/keyring';
import { SecretBox } from './secrets/secret-box';
import { EndpointRepository } from './endpoints/endpoint.repository';
import { endpointRoutes } from './endpoints/endpoint.routes';
import { EndpointService } from './endpoints/endpoint.service';
import { NotificationRepository } from './notifications/notification.repository';
import { notificationRoutes } from './notifications/notification.routes';
import { NotificationService } from './notifications/notification.service';
import { AttendanceRecordRepository, AttendanceRepository } from './attendance/attendance.repository';
import { attendanceRoutes } from './attendance/attendance.routes';
import { AttendanceService } from './attendance/attendance.service';
import { JanusFfmpegConverter } from './recordings/recording-converter';
import { RecordingRepository } from './recordings/recording.repository';
import { recordingRoutes } from './recordings/recording.routes';
import { RecordingService } from './recordings/recording.service';
import { HolidayRepository } from './calendar/holiday.repository';
import { holidayRoutes } from './calendar/holiday.routes';
import { onboardingRoutes } from './onboarding/onboarding.routes';
import { OnboardingRepository } from './onboarding/onboarding.repository';
import { OnboardingService } from './onboarding/onboarding.service';
import { HolidayService } from './calendar/holiday.service';
import { DocumentRepository } from './documents/document.repository';
import { MinutesRepository } from './minutes/minutes.repository';
import { minutesRoutes } from './minutes/minutes.routes';
import { MinutesService } from './minutes/minutes.service';
import { VotesRepository } from './votes/votes.repository';
import { votesRoutes } from './votes/votes.routes';
import { VotesService } from './votes/votes.service';
import { documentRoutes } from './documents/document.routes';
import { DocumentService } from './documents/document.service';
import { ScheduleRepository } from './schedule/schedule.repository';
import { scheduleRoutes } from './schedule/schedule.routes';
import { ScheduleService } from './schedule/schedule.service';
import { ReplyRepository } from './replies/replies.repository';
import { replyRoutes } from './replies/replies.routes';
import { ReplyService } from './replies/replies.service';
import { CheckLoopback } from './readiness/check-loopback';
import { ReadinessRepository } from './readiness/readiness.repository';
import { readinessRoutes } from './readiness/readiness.routes';
import { ReadinessService } from './readiness/readiness.service';
import { ConclusionsRepository } from './conclusions/conclusions.repository';
import { conclusionsRoutes } from './conclusions/conclusions.routes';
import { ConclusionsService } from './conclusions/conclusions.service';
import { TaskRepository } from './tasks/task.repository';
import { taskRoutes } from './tasks/task.routes';
import { TaskService } from './tasks/task.service';
import { startTurn } from './turn/turn-setup';
import { turnRoutes } from './turn/turn.routes';
import type { TurnSupervisor } from './turn/turn-supervisor';
import { SubstituteReportRepository } from './substitute-reports/substitute-report.repository';
import { substituteReportRoutes } from './substitute-reports/substitute-report.routes';
import { SubstituteReportService } from './substitute-reports/substitute-report.service';
import { SignaturesRepository } from './signatures/signatures.repository';
import { signatureRoutes } from './signatures/signatures.routes';
import { SignaturesService } from './signatures/signatures.service';

const webDist = webDistDir;

/** Never let a secret reach a log line. */
export const redactPaths = [
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.secret',
  '*.apiSecret',
  '*.adminKey',
  '*.adminSecret',
  '*.passwordHash',
  '*.token',
];

/** Where the Janus session id is kept between runs (DATA_DIR/janus/session.json). */
function janusSessionFile(dataDir: string): { load(): number | undefined; save(id: number): void } {
  const file = path.join(dataDir, 'janus', 'session.json');
  return {
    load() {
      try {
        const id = (JSON.parse(fs.readFileSync(file, 'utf8')) as { sessionId?: unknown }).sessionId;
        return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
      } catch {
        return undefined;
      }
    },
    save(sessionId) {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, `${JSON.stringify({ sessionId })}\n`, { mode: 0o600 });
    },
  };
}

export interface App {
  server: FastifyInstance;
  url: string;
  database: Database;
  janus?: JanusSupervisor;
  janusClient: JanusClient;
  media: MediaService;
  live: LiveService;
  audit: AuditService;
  recordings: RecordingService;
  /** Invitations, change notices and reminders (tests drive `runReminders(now)` and `meetingChanged`). */
  invitations: InvitationService;
  /** Tasks of the conclusions (tests drive the follow-up job with `runReminders(now)`). */
  tasks: TaskService;
  /** The quarterly report (tests drive the reminders with `runReminders(now)`). */
  reports: ReportsService;
  /** Documents to sign (other domains call `createSignable`; tests too). */
  signatures: SignaturesService;
  /** The minutes (R2.7): `renderMinutesPdf` for signing (issue 16). */
  minutes: MinutesService;
  /** The incident register (R3.10, R5.4): `onChange` for the operator's console, `figures` for the quarterly report. */
  incidents: IncidentService;
  /** The TURN server GiaoBan runs itself (TURN_ENABLED=true), R7.1. */
  turn?: TurnSupervisor;
  /** Set on the very first start only: the operator's one-time password, to print once. */
  initialOperatorPassword?: string;
  /** Every route the server answers (method and URL pattern): the fuzz test walks them all. */
  routes: { method: string; url: string }[];
  close(): Promise<void>;
}

export interface BuildOptions {
  logger?: Logger;
  /** PostgreSQL schema to isolate a test in. */
  databaseSchema?: string;
  /** PGlite location override (`memory://` in tests). */
  pgliteDir?: string;
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<App> {
  const logger = opts.logger ?? pino({ level: config.LOG_LEVEL, redact: redactPaths });
  fs.mkdirSync(config.dataDir, { recursive: true });
  // How long each step of starting takes, logged once: a restarted server must answer within seconds (R7.2).
  const startedAt = Date.now();
  const phases: Record<string, number> = {};
  const phase = (name: string) => (phases[name] = Date.now() - startedAt);
  const database = await openDatabase({
    url: config.DATABASE_URL,
    pgliteDir: opts.pgliteDir ?? path.join(config.dataDir, 'db'),
    schemaName: opts.databaseSchema ?? config.DATABASE_SCHEMA,
  });
  const cleanups: (() => Promise<unknown>)[] = [() => database.close()];
  try {
    const { db } = database;
    // The secrets key seals TOTP secrets and meeting passwords in the outbox, and signs the audit anchor (R6.1).
    const secrets = new SecretBox(loadKeyring(config));
    // The audit chain's head is kept outside the database too, signed, and in the log (R1.5): at start the chain
    // must still hold the anchor left by the last run (an error in the log otherwise).
    const audit = new AuditService(new AuditRepository(db), { file: new AuditAnchorFile(config.dataDir, secrets), log: logger.child({ component: 'audit' }) });
    await audit.startAnchoring();
    cleanups.push(() => audit.stopAnchoring());
    const userRepo = new UserRepository(db);
    const unitRepo = new UnitRepository(db);
    // `live` is created below; a disabled account's meeting connections close through it.
    const users = new UserService(db, userRepo, unitRepo, audit, (userId) => live.closeUser(userId));
    const units = new UnitService(db, unitRepo, audit);
    const notifications = new NotificationService(new NotificationRepository(db));
    const mail = new MailService(new MailRepository(db), { smtpConfigured: Boolean(config.SMTP_URL) }, secrets);
    // Invitations, replies and reminders listen to meetings' changes (R2.4, R2.6); added below as they are built.
    const meetingChanges = new MeetingChanges();
    const endpoints = new EndpointService(db, new EndpointRepository(db), unitRepo, userRepo, notifications, audit, { capacity: config.MEDIA_CAPACITY_ENDPOINTS });
    phase('database');
    const initialOperatorPassword = await users.bootstrapOperator(config.OPERATOR_EMAIL);

    const janusLogger = logger.child({ component: 'janus' });
    let janus: JanusSupervisor | undefined;
    let endpoint: Pick<JanusEndpoint, 'url' | 'apiSecret' | 'adminKey'>;
    if (config.JANUS_URL) {
      endpoint = { url: config.JANUS_URL, apiSecret: config.JANUS_API_SECRET ?? '', adminKey: config.JANUS_ADMIN_KEY! };
    } else {
      janus = new JanusSupervisor({
        dataDir: config.dataDir,
        wsPort: config.JANUS_WS_PORT,
        httpPort: config.JANUS_HTTP_PORT,
        adminWsPort: config.JANUS_ADMIN_WS_PORT,
        adminHttpPort: config.JANUS_ADMIN_HTTP_PORT,
        rtpPortRange: config.JANUS_RTP_PORTS,
        logger: janusLogger,
        janusBinary: config.JANUS_BINARY,
        debugLevel: config.JANUS_DEBUG_LEVEL,
        apiListen: config.JANUS_API_LISTEN,
        nat: { nat11Mapping: config.JANUS_NAT_1_1_MAPPING, keepPrivateHost: config.JANUS_KEEP_PRIVATE_HOST, ...(config.JANUS_STUN_SERVER ? { stunServer: config.JANUS_STUN_SERVER } : {}) },
      });
      const supervisor = janus;
      cleanups.push(() => supervisor.stop());
      endpoint = await janus.start();
      phase(janus.adopted ? 'janusAdopted' : 'janusStarted');
    }
    // The Janus session is kept in a file: a restarted server claims it back and takes over rooms and handles.
    const janusClient = new JanusClient({ url: endpoint.url, apiSecret: endpoint.apiSecret || undefined, logger: janusLogger, sessionStore: janusSessionFile(config.dataDir) });
    cleanups.push(() => janusClient.close());
    // Do not wait for Janus forever: the server runs and reports media as unavailable until it answers.
    await Promise.race([janusClient.start(), new Promise((r) => setTimeout(r, 5000).unref())]);
    phase(janusClient.reclaimed ? 'janusSessionClaimed' : 'janusConnected');
    const media = new MediaService(janusClient, endpoint.adminKey, logger.child({ component: 'media' }));

    const meetingRepo = new MeetingRepository(db);
    // The operator's list of public holidays (defaults adjusted by the yearly announcement): D7.3 counts it.
    const holidays = new HolidayService(db, new HolidayRepository(db), audit);
    const meetings = new MeetingService(db, meetingRepo, unitRepo, audit, { mediaCapacityEndpoints: config.MEDIA_CAPACITY_ENDPOINTS, holidays, meetingPasswordFailures: config.MEETING_PASSWORD_FAILURES, meetingPasswordWindowMs: config.MEETING_PASSWORD_WINDOW_MINUTES * 60_000 }, notifications, meetingChanges);
    // Janus's raw recordings become playable files in the background (R3.6); stopped after the live meetings.
    const recordingsDir = path.join(config.dataDir, 'recordings');
    const recordings = new RecordingService(new RecordingRepository(db), meetings, audit, new JanusFfmpegConverter(), logger.child({ component: 'recordings' }), { recordingsDir });
    cleanups.push(() => recordings.stop());
    await recordings.start();
    // Digital signatures (PAdES) with the local certification authority, created on the first start; the second
    // factor is checked by the accounts domain (`auth`, built below).
    const signatures = new SignaturesService(db, new SignaturesRepository(db), userRepo, audit, secrets, { stepForCode: (userId, code) => auth.stepForCode(userId, code) }, { organisation: 'GiaoBan' });
    await signatures.start();
    const attendanceRepo = new AttendanceRepository(db);
    const attendance = new AttendanceService(meetings, attendanceRepo, audit, db, new AttendanceRecordRepository(db), signatures);
    // The minutes written during the meeting and the votes (R2.7, R3.5, R3.12); `live` (below) tells the room of changes.
    const announceRecords = (meetingId: string, what: 'minutes' | 'votes') => live.announce(meetingId, what);
    const votes = new VotesService(db, new VotesRepository(db), meetingRepo, meetings, audit, announceRecords);
    const minutes = new MinutesService(db, new MinutesRepository(db), meetingRepo, meetings, unitRepo, attendanceRepo, votes, audit, announceRecords, signatures);
    // Meeting documents and draft minutes (R2.1, R2.7), stored by content under DATA_DIR/documents.
    const documents = new DocumentService(db, new DocumentRepository(db), meetings, audit, { documentsDir: path.join(config.dataDir, 'documents'), maxBytes: config.DOCUMENT_MAX_MB * 1024 * 1024 });
    // The weekly schedule, its PDF and iCalendar feeds (R2.4, M12.2).
    const schedule = new ScheduleService(db, new ScheduleRepository(db), meetingRepo, unitRepo, userRepo, holidays, audit);
    // Replies to invitations (R2.5, D8.3); their mails link to the public address, known once the server listens.
    let publicUrl = config.PUBLIC_URL ?? '';
    const replyRepo = new ReplyRepository(db);
    const signInLinks = new SignInLinkService(db, new SignInLinkRepository(db), userRepo, unitRepo, mail, audit, { baseUrl: () => publicUrl, sessionsEnded: (userId) => live.closeUser(userId) });
    // The organisation's own words: the approving office and the deciding authority (D19.2, D21.1).
    const organisationSettings = new OrganisationSettingsService(db, new OrganisationSettingsRepository(db), audit);
    const peopleImport = new PeopleImportService(db, userRepo, unitRepo, signInLinks, audit);
    const replies = new ReplyService(db, replyRepo, meetingRepo, unitRepo, userRepo, audit, notifications, mail, { publicUrl: () => publicUrl });
    // Invitations by e-mail with iCalendar and the PDF, change notices and reminders (R2.4, R2.6, M6.1, D19.3).
    const invitationRepo = new InvitationRepository(db);
    const invitations = new InvitationService(db, invitationRepo, meetings, mail, notifications, audit, { baseUrl: () => publicUrl, mailFrom: config.MAIL_FROM, noticeContacts: config.NOTICE_CONTACTS }, signatures, logger.child({ component: 'invitations' }));
    const unitAttendees = new UnitAttendeesService(db, new UnitAttendeesRepository(db), meetingRepo, meetings, unitRepo, invitations, audit);
    meetingChanges.add(invitations);
    const outbox = new OutboxService(db, new MailRepository(db), meetings, unitRepo, audit, { smtpConfigured: Boolean(config.SMTP_URL) });
    invitations.startReminders();
    cleanups.push(() => invitations.stopReminders());
    // After the meeting: the conclusions notice, its tasks followed up, the substitutes' reports (R4.1, R4.2, R4.4).
    const taskRepo = new TaskRepository(db);
    const conclusionsRepo = new ConclusionsRepository(db);
    const conclusions = new ConclusionsService(db, conclusionsRepo, taskRepo, meetings, new InvitationRepository(db), mail, notifications, audit, {
      baseUrl: () => publicUrl,
      // the notice signed by whoever issues it (R4.1): a document of the signatures domain with one signer
      signing: {
        secondFactorStep: (userId, code) => signatures.secondFactorStep(userId, code),
        sign: async (tx, input) => {
          const { id } = await signatures.createSignable(tx, { kind: 'conclusions_notice', subjectId: input.meetingId, title: input.title, pdf: input.pdf, signerIds: [input.actor.id], createdBy: input.actor.id });
          return signatures.signIn(tx, input.actor, id, input.step, input.ip);
        },
        signedPdfOf: (meetingId) => signatures.signedPdfOf('conclusions_notice', meetingId),
        auditRefusal: (err, actor, meetingId, ip) => signatures.auditRefusal(err, actor, meetingId, ip),
      },
    });
    const tasks = new TaskService(db, taskRepo, conclusions, conclusionsRepo, meetings, unitRepo, holidays, documents, mail, notifications, audit, { baseUrl: () => publicUrl }, logger.child({ component: 'tasks' }));
    tasks.startReminders();
    cleanups.push(() => tasks.stopReminders());
    // The quarterly report (R5.1, R5.2; M13.5): drafting, signing, submitting, consolidating, reminders to the late.
    const reports = new ReportsService(db, new ReportsRepository(db), unitRepo, signatures, notifications, mail, audit, { baseUrl: () => publicUrl }, logger.child({ component: 'reports' }));
    reports.startReminders();
    cleanups.push(() => reports.stopReminders());
    const substituteReports = new SubstituteReportService(db, new SubstituteReportRepository(db), mail, notifications, audit, { baseUrl: () => publicUrl });
    if (config.SMTP_URL) {
      const sender = new MailSender(new MailRepository(db), { smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }, logger.child({ component: 'mail' }), secrets);
      sender.start();
      cleanups.push(() => sender.stop());
    }
    const metrics: Metrics = new Metrics({
      live: { liveMeetings: (): number => live.liveMeetings(), liveParticipants: (): number => live.liveParticipants() },
      janusUp: () => media.available,
    });
    // The incident register (R3.10, R5.4): incidents reported in a meeting go into it too.
    const incidents = new IncidentService(db, new IncidentRepository(db), notifications, audit);
    // The operator's console (R3.10): watches the meetings this instance runs, pushes to operators.
    const operatorConsole = new ConsoleService(new ConsoleRepository(db), audit, logger.child({ component: 'console' }), { instanceId: config.INSTANCE_ID, incidents: new RegisterIncidents(incidents) });
    cleanups.push(async () => operatorConsole.stop());
    const live: LiveService = new LiveService(meetings, meetingRepo, new LiveRepository(db), userRepo, media, audit, logger.child({ component: 'live' }), {
      incidents,
      metrics,
      instanceId: config.INSTANCE_ID,
      recordingsDir,
      recordings,
      documents,
      conclusions: minutes,
      coalesceMs: config.LIVE_COALESCE_MS,
      leaseMs: config.LIVE_LEASE_MS,
      resumeGraceMs: config.LIVE_RESUME_GRACE_S * 1000,
      observer: operatorConsole,
    });
    cleanups.push(() => live.shutdown());
    // The technical check before a meeting, in test rooms of its own (R2.6).
    const checkLoopback = new CheckLoopback(media, logger.child({ component: 'technical-check' }));
    cleanups.push(() => checkLoopback.shutdown());
    const readiness = new ReadinessService(db, new ReadinessRepository(db), unitRepo, notifications, audit, checkLoopback, (unitIds, tx) => replyRepo.organisersOf(unitIds, tx));
    // Accounts close the meeting presences of the sessions they end (R1.3, R6.4).
    const auth = new AuthService(
      db,
      userRepo,
      new SessionRepository(db),
      new SignInRepository(db),
      audit,
      live,
      { sessionTtlHours: config.SESSION_TTL_HOURS, lockoutMaxFailures: config.LOCKOUT_MAX_FAILURES, lockoutMinutes: config.LOCKOUT_MINUTES },
      secrets,
      new RecoveryCodeRepository(db),
    );
    // TOTP secrets stored in clear by an earlier version are sealed before anyone signs in.
    const sealedNow = await auth.sealStoredSecrets();
    if (sealedNow) logger.info({ accounts: sealedNow }, 'sealed TOTP secrets stored in clear');

    const https = await tlsOptions(config);
    // NAT traversal (R7.1): our own coturn (TURN_ENABLED) with the server's certificate, or an external one (TURN_URLS).
    const { turn, turnSupervisor } = await startTurn(config, Boolean(https), logger.child({ component: 'turn' }));
    if (turnSupervisor) cleanups.push(() => turnSupervisor.stop());
    const server = Fastify({
      loggerInstance: logger,
      ...(https ? { https } : {}),
      bodyLimit: 1024 * 1024,
      trustProxy: config.TRUST_PROXY.length ? config.TRUST_PROXY : false,
      // the router's own refusals (a link address that is not valid percent-encoded UTF-8) from the catalogue too
      frameworkErrors: (error, _request, reply) => {
        const refusal = error.code === 'FST_ERR_BAD_URL' ? new AppError('text_invalid', { '(url)': 'not a valid address (percent-encoding or UTF-8)' }) : new AppError('validation_failed', { '(url)': error.message });
        void (reply as unknown as FastifyReply).code(refusal.status).send(refusal.toBody());
      },
    }) as unknown as FastifyInstance;
    const routes: App['routes'] = [];
    server.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
    await registerSecurityHeaders(server, { tls: Boolean(https) });
    await registerCompression(server);
    const limits = await registerRateLimits(server, { guessesPerMinute: config.GUESSES_PER_MINUTE });
    await server.register(cookie);
    await server.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES, WebSocket: frameLimitedWebSocketClass }, errorHandler: websocketErrorHandler });
    registerTextGuard(server);
    registerAuthHooks(server, auth);
    server.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
      if (err instanceof AppError) {
        if (err.report) request.log.warn({ errorId: err.id }, err.message);
        if (err.retryAfterSeconds) reply.header('retry-after', String(err.retryAfterSeconds));
        // a link opened in a browser while signed out (or halfway through signing in): to the sign-in page and back
        if ((err.id === 'unauthenticated' || err.id === 'second_factor_required') && isBrowserNavigation(request)) return reply.redirect(signInPathFor(request.url), 303);
        return reply.code(err.status).send(err.toBody());
      }
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        const appErr =
          err.statusCode === 404 ? new AppError('not_found') : err.statusCode === 413 ? new AppError('request_too_large') : new AppError('validation_failed', { '(body)': err.message });
        return reply.code(appErr.status).send(appErr.toBody());
      }
      request.log.error({ err }, 'unhandled error');
      return reply.code(500).send(new AppError('internal_error').toBody());
    });

    metricsRoutes(server, { metrics, token: config.METRICS_TOKEN });
    const security = new SecuritySettingsService(db, config, audit, {
      // the headers of a real answer, not a list kept beside the code
      headers: async () => {
        const res = await server.inject({ method: 'GET', url: '/api/health' });
        return SECURITY_HEADERS.filter((h) => res.headers[h] !== undefined).map((h) => `${h}: ${String(res.headers[h])}`);
      },
      janusAvailable: () => media.available,
    }, database.kind);
    securityRoutes(server, {
      security,
      audit,
      issuerOf: async (unitId) => {
        const host = await invitationRepo.hostUnit(unitId);
        return { unit: host.name, parentBody: host.parentName ?? undefined, place: placeOf(host.rootName) };
      },
    });
    server.get('/api/health', async () => ({ ok: true, media: media.available ? 'available' : 'unavailable' }));
    authRoutes(server, { auth, secureCookies: Boolean(https), limits, organisationSettings, signInLinks });
    organisationSettingsRoutes(server, { settings: organisationSettings });
    userRoutes(server, { users, peopleImport, signInLinks });
    unitRoutes(server, { units });
    meetingRoutes(server, { meetings, repo: meetingRepo, limits });
    recordingRoutes(server, { recordings });
    attendanceRoutes(server, { attendance });
    minutesRoutes(server, { minutes });
    votesRoutes(server, { votes });
    replyRoutes(server, { replies });
    unitAttendeesRoutes(server, { attendees: unitAttendees });
    invitationRoutes(server, { invitations, limits });
    mailRoutes(server, { outbox });
    auditRoutes(server, { audit });
    endpointRoutes(server, { endpoints });
    notificationRoutes(server, { notifications });
    readinessRoutes(server, { readiness });
    signatureRoutes(server, { signatures, limits });
    documentRoutes(server, { documents });
    holidayRoutes(server, { holidays });
    turnRoutes(server, { turn });
    feedbackRoutes(server, { feedback: new FeedbackService(db, new FeedbackRepository(db), notifications, audit) });
    incidentRoutes(server, { incidents });
    // equipment (R5.3): asset register, maintenance log, checklists before and after meetings, yearly evaluation
    equipmentRoutes(server, {
      equipment: new EquipmentService(db, new EquipmentRepository(db), unitRepo, audit, notifications, {
        issuerOf: async (unitId) => {
          const host = await invitationRepo.hostUnit(unitId);
          return { unit: host.name, parentBody: host.parentName ?? undefined, place: placeOf(host.rootName) };
        },
      }),
    });
    statisticsRoutes(server, { statistics: new StatisticsService(db, new StatisticsRepository(db), audit) });
    reportsRoutes(server, { outcomes: new MeetingOutcomeService(db, meetings, audit), reports });
    onboardingRoutes(server, { onboarding: new OnboardingService(new OnboardingRepository(db), { smtpConfigured: Boolean(config.SMTP_URL) }) });
    conclusionsRoutes(server, { conclusions });
    taskRoutes(server, { tasks, maxUploadBytes: documents.maxBytes });
    substituteReportRoutes(server, { reports: substituteReports });
    scheduleRoutes(server, { schedule, publicUrl: () => publicUrl });
    consoleRoutes(server, { console: operatorConsole, auth });
    liveGateway(server, {
      auth,
      live,
      pingIntervalMs: config.LIVE_PING_S * 1000,
      limits: {
        behindBytes: config.LIVE_BACKLOG_KB * 1024,
        caughtUpBytes: Math.floor((config.LIVE_BACKLOG_KB * 1024) / 16),
        deadAfterMs: config.LIVE_DEAD_AFTER_S * 1000,
        ratePerSecond: config.LIVE_FRAMES_PER_S,
        rateBurst: config.LIVE_FRAMES_PER_S * 4,
      },
    });

    // The built web client, its assets precompressed and cached by content hash (web-app.ts).
    await registerWebApp(server, config.SERVE_WEB ? webDist : null);

    await server.listen({ host: config.HOST, port: config.PORT });
    phase('listening');
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const url = config.PUBLIC_URL ?? `${https ? 'https' : 'http'}://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
    publicUrl = url;
    cleanups.push(() => server.close());
    // Main and backup (R7.2): the instances reach each other over the bus; a single instance has none.
    let bus: NatsBus | undefined;
    if (config.BUS_URL) {
      bus = await NatsBus.connect(config.BUS_URL, config.BUS_PREFIX, config.INSTANCE_ID, (message) => live.onBusMessage(message), logger.child({ component: 'bus' }));
      const connected = bus;
      cleanups.push(() => connected.close());
    }
    // Meetings a previous run left in progress are taken up once the server answers (joins take them up too).
    await live.start(bus);
    phase('meetingsTakenUp');
    logger.info({ phases, uptimeAtStartMs: Math.round(process.uptime() * 1000) }, 'server started');

    let closed = false;
    return {
      server,
      url,
      database,
      janus,
      janusClient,
      media,
      live,
      audit,
      recordings,
      invitations,
      tasks,
      reports,
      signatures,
      minutes,
      incidents,
      turn: turnSupervisor,
      initialOperatorPassword,
      routes,
      async close() {
        if (closed) return;
        closed = true;
        for (const cleanup of cleanups.reverse()) await cleanup().catch((err: Error) => logger.warn({ err: err.message }, 'shutdown step failed'));
      },
    };
  } catch (err) {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    throw err;
  }
}
