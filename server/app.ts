/**
 * Composition root: opens the database, starts (or reaches) Janus, wires every domain's repository, service and
 * routes into one Fastify server. `buildApp` is what `main.ts` runs and what the integration tests start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { registerAuthHooks } from './auth/auth.hooks';
import { authRoutes } from './auth/auth.routes';
import { AuthService } from './auth/auth.service';
import { SessionRepository } from './auth/session.repository';
import { SignInRepository } from './auth/sign-in.repository';
import type { Config } from './config';
import { openDatabase, type Database } from './db/client';
import { AppError } from './errors';
import { tlsOptions } from './http/tls';
import { liveGateway } from './live/live.gateway';
import { LiveService } from './live/live.service';
import { JanusClient } from './media/janus-client';
import { JanusSupervisor, type JanusEndpoint } from './media/janus-supervisor';
import { MediaService } from './media/media.service';
import { MeetingRepository } from './meetings/meeting.repository';
import { meetingRoutes } from './meetings/meeting.routes';
import { MeetingService } from './meetings/meeting.service';
import { MeetingChanges } from './meetings/meeting-changes';
import { MailRepository } from './mail/mail.repository';
import { MailService } from './mail/mail.service';
import { UserRepository } from './organisation/user.repository';
import { userRoutes } from './organisation/user.routes';
import { UserService } from './organisation/user.service';
import { UnitRepository } from './organisation/unit.repository';
import { unitRoutes } from './organisation/unit.routes';
import { UnitService } from './organisation/unit.service';
import { AuditRepository } from './audit/audit.repository';
import { auditRoutes } from './audit/audit.routes';
import { AuditService } from './audit/audit.service';
import { EndpointRepository } from './endpoints/endpoint.repository';
import { endpointRoutes } from './endpoints/endpoint.routes';
import { EndpointService } from './endpoints/endpoint.service';
import { NotificationRepository } from './notifications/notification.repository';
import { notificationRoutes } from './notifications/notification.routes';
import { NotificationService } from './notifications/notification.service';
import { AttendanceRepository } from './attendance/attendance.repository';
import { attendanceRoutes } from './attendance/attendance.routes';
import { AttendanceService } from './attendance/attendance.service';
import { JanusFfmpegConverter } from './recordings/recording-converter';
import { RecordingRepository } from './recordings/recording.repository';
import { recordingRoutes } from './recordings/recording.routes';
import { RecordingService } from './recordings/recording.service';

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

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
  /** Set on the very first start only: the operator's one-time password, to print once. */
  initialOperatorPassword?: string;
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
  const database = await openDatabase({
    url: config.DATABASE_URL,
    pgliteDir: opts.pgliteDir ?? path.join(config.dataDir, 'db'),
    schemaName: opts.databaseSchema,
  });
  const cleanups: (() => Promise<unknown>)[] = [() => database.close()];
  try {
    const { db } = database;
    const audit = new AuditService(new AuditRepository(db));
    const userRepo = new UserRepository(db);
    const unitRepo = new UnitRepository(db);
    // `live` is created below; a disabled account's meeting connections close through it.
    const users = new UserService(db, userRepo, unitRepo, audit, (userId) => live.disconnectWhere((p) => p.user.id === userId));
    const units = new UnitService(db, unitRepo, audit);
    const notifications = new NotificationService(new NotificationRepository(db));
    const mail = new MailService(new MailRepository(db), { smtpConfigured: Boolean(config.SMTP_URL) });
    // Invitations, replies and reminders listen to meetings' changes (R2.4, R2.6); added below as they are built.
    const meetingChanges = new MeetingChanges();
    const endpoints = new EndpointService(db, new EndpointRepository(db), unitRepo, userRepo, notifications, audit, { capacity: config.MEDIA_CAPACITY_ENDPOINTS });
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
      });
      const supervisor = janus;
      cleanups.push(() => supervisor.stop());
      endpoint = await janus.start();
    }
    const janusClient = new JanusClient({ url: endpoint.url, apiSecret: endpoint.apiSecret || undefined, logger: janusLogger });
    cleanups.push(() => janusClient.close());
    // Do not wait for Janus forever: the server runs and reports media as unavailable until it answers.
    await Promise.race([janusClient.start(), new Promise((r) => setTimeout(r, 5000).unref())]);
    const media = new MediaService(janusClient, endpoint.adminKey, logger.child({ component: 'media' }));

    const meetingRepo = new MeetingRepository(db);
    const meetings = new MeetingService(db, meetingRepo, unitRepo, audit, { mediaCapacityEndpoints: config.MEDIA_CAPACITY_ENDPOINTS });
    // Janus's raw recordings become playable files in the background (R3.6); stopped after the live meetings.
    const recordingsDir = path.join(config.dataDir, 'recordings');
    const recordings = new RecordingService(new RecordingRepository(db), meetings, audit, new JanusFfmpegConverter(), logger.child({ component: 'recordings' }), { recordingsDir });
    cleanups.push(() => recordings.stop());
    await recordings.start();
    const attendance = new AttendanceService(meetings, new AttendanceRepository(db), audit);
    const live = new LiveService(meetings, meetingRepo, media, audit, logger.child({ component: 'live' }), { recordingsDir, recordings });
    cleanups.push(() => live.shutdown());
    // Accounts close the meeting presences of the sessions they end (R1.3, R6.4).
    const auth = new AuthService(db, userRepo, new SessionRepository(db), new SignInRepository(db), audit, live, {
      sessionTtlHours: config.SESSION_TTL_HOURS,
      lockoutMaxFailures: config.LOCKOUT_MAX_FAILURES,
      lockoutMinutes: config.LOCKOUT_MINUTES,
    });

    const https = await tlsOptions(config);
    const server = Fastify({ loggerInstance: logger, ...(https ? { https } : {}), bodyLimit: 1024 * 1024, trustProxy: false }) as unknown as FastifyInstance;
    await server.register(cookie);
    await server.register(websocket, { options: { maxPayload: 256 * 1024 } });
    registerAuthHooks(server, auth);
    server.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
      if (err instanceof AppError) {
        if (err.report) request.log.warn({ errorId: err.id }, err.message);
        return reply.code(err.status).send(err.toBody());
      }
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        const appErr = err.statusCode === 404 ? new AppError('not_found') : new AppError('validation_failed', { '(body)': err.message });
        return reply.code(appErr.status).send(appErr.toBody());
      }
      request.log.error({ err }, 'unhandled error');
      return reply.code(500).send(new AppError('internal_error').toBody());
    });

    server.get('/api/health', async () => ({ ok: true, media: media.available ? 'available' : 'unavailable' }));
    authRoutes(server, { auth, secureCookies: Boolean(https) });
    userRoutes(server, { users });
    unitRoutes(server, { units });
    meetingRoutes(server, { meetings, repo: meetingRepo, recordings });
    recordingRoutes(server, { recordings });
    attendanceRoutes(server, { attendance });
    auditRoutes(server, { audit });
    endpointRoutes(server, { endpoints });
    notificationRoutes(server, { notifications });
    liveGateway(server, { auth, live });

    if (config.SERVE_WEB && fs.existsSync(path.join(webDist, 'index.html'))) {
      await server.register(fastifyStatic, { root: webDist, wildcard: false });
      // Every other GET is a client route (/login, /admin/..., a meeting's link address /duan).
      server.setNotFoundHandler((request, reply) => {
        if (request.method === 'GET' && !request.url.startsWith('/api/') && request.url !== '/ws') return reply.sendFile('index.html');
        return reply.code(404).send(new AppError('not_found').toBody());
      });
    } else {
      server.setNotFoundHandler((_request, reply) => reply.code(404).send(new AppError('not_found').toBody()));
    }

    await server.listen({ host: config.HOST, port: config.PORT });
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const url = config.PUBLIC_URL ?? `${https ? 'https' : 'http'}://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
    cleanups.push(() => server.close());

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
      initialOperatorPassword,
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
