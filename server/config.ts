/**
 * Configuration from environment variables, validated once at start. A bad value stops the server with a message
 * naming the variable; nothing else in the server reads process.env.
 */
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
/** A 256-bit key written in base64 (`openssl rand -base64 32`). */
const key256 = z.string().refine((v) => /^[A-Za-z0-9+/=_-]+$/.test(v) && Buffer.from(v, 'base64').length === 32, 'expected 32 bytes in base64, e.g. the output of `openssl rand -base64 32`');
const portRange = z
  .string()
  .regex(/^\d+-\d+$/, 'expected MIN-MAX, e.g. 20000-20999')
  .transform((v) => v.split('-').map(Number) as [number, number])
  .refine(([a, b]) => a >= 1024 && b <= 65535 && a < b, 'expected 1024 ≤ MIN < MAX ≤ 65535');

const envSchema = z
  .object({
    HOST: z.string().default('127.0.0.1'),
    /** 0 picks a free port (tests). */
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATA_DIR: z.string().default('./data'),
    /** PostgreSQL connection string; unset means the embedded PGlite under DATA_DIR/db. */
    DATABASE_URL: z.string().url().optional(),
    /** A PostgreSQL schema to use instead of `public` (several installations, or tests, in one database). */
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** `self-signed` generates a certificate under DATA_DIR/tls; or give TLS_CERT_FILE and TLS_KEY_FILE. */
    HTTPS: z.enum(['off', 'self-signed', 'files']).default('off'),
    TLS_CERT_FILE: z.string().optional(),
    TLS_KEY_FILE: z.string().optional(),
    /**
     * Proxies in front of the server (HAProxy, nginx: comma-separated addresses or CIDRs) whose X-Forwarded-For is
     * believed: the client's own address then counts for the limits on guessing and a restricted meeting's networks.
     */
    TRUST_PROXY: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
    /** Address browsers use to reach us, for links in e-mails and the start-up message. */
    PUBLIC_URL: z.string().url().optional(),
    OPERATOR_EMAIL: z.string().email().default('admin@giaoban.local'),
    SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
    LOCKOUT_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    LOCKOUT_MINUTES: z.coerce.number().positive().max(24 * 60).default(15),
    /**
     * Guesses (sign-in passwords, second-factor codes, meeting passwords) one address may make per minute; an office
     * behind one NAT address shares it — a district's meeting room of officials signing in and entering at 8:00 — so
     * it is well above what a roomful of people type and well below a guessing script (accounts have limits of their
     * own: the lockout, wrong meeting passwords per account).
     */
    GUESSES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
    /** Bearer token that reads `/metrics` (Prometheus); unset, the route does not exist. */
    METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
    /** Wrong meeting passwords one account may give in MEETING_PASSWORD_WINDOW_MINUTES before it must wait. */
    MEETING_PASSWORD_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
    MEETING_PASSWORD_WINDOW_MINUTES: z.coerce.number().positive().max(24 * 60).default(10),
    /**
     * How many endpoints the media system (Janus, in the MCU's place) can serve at once: registering more is refused
     * (D4.3, R7.3) and bookings are judged against it (R2.3). Measure it on the host with `npm run bench:capacity`;
     * the default is what that measured on a 2-core machine (README, "Media capacity").
     */
    MEDIA_CAPACITY_ENDPOINTS: z.coerce.number().int().min(1).max(100_000).default(14),
    /** Outgoing mail server, e.g. `smtp://user:pass@mail.example.gov.vn:587`; unset keeps mail in the outbox shown in the UI. */
    SMTP_URL: z.string().url().optional(),
    /** The sender of invitations (official e-mail, M8.1b). */
    MAIL_FROM: z.string().default('GiaoBan <giaoban@localhost>'),
    /** Telecom and power contacts told of each meeting's schedule (D19.2, D21.2, R2.6): comma-separated e-mails. */
    NOTICE_CONTACTS: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.string().email())),
    /**
     * The key that seals secrets kept in the database (TOTP secrets, a meeting password waiting in the mail outbox:
     * AES-256-GCM) and signs the audit chain's anchor (HMAC). Unset: a key generated on first start in
     * DATA_DIR/secrets.key (mode 0600). Rotated by `npm run secrets:rotate`.
     */
    SECRETS_KEY: key256.optional(),
    /** Keys sealed with before a rotation, still read (comma-separated), until `npm run secrets:rotate` re-sealed everything. */
    SECRETS_KEY_PREVIOUS: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(key256)),
    /** Largest meeting document accepted, in megabytes. */
    DOCUMENT_MAX_MB: z.coerce.number().int().min(1).max(1024).default(50),
    /** Set to use an external Janus instead of spawning one: its WebSocket URL and secrets. */
    JANUS_URL: z.string().url().optional(),
    JANUS_API_SECRET: z.string().optional(),
    JANUS_ADMIN_KEY: z.string().optional(),
    JANUS_BINARY: z.string().default('janus'),
    JANUS_WS_PORT: port.default(8188),
    JANUS_HTTP_PORT: port.default(8088),
    JANUS_ADMIN_WS_PORT: port.default(7188),
    JANUS_ADMIN_HTTP_PORT: port.default(7088),
    JANUS_RTP_PORTS: portRange.prefault('20000-20999'),
    JANUS_DEBUG_LEVEL: z.coerce.number().int().min(0).max(7).default(3),
    /**
     * How the Janus GiaoBan spawns offers its API: `unix` (default) on a UNIX socket under DATA_DIR/janus only the
     * server's user reaches, no TCP port at all; `tcp` on the JANUS_*_PORT ports of 127.0.0.1 (the benchmarks, which
     * let a browser talk to Janus directly).
     */
    JANUS_API_LISTEN: z.enum(['unix', 'tcp']).default('unix'),
    /**
     * This server instance's name (main, backup …): a meeting in progress is owned by one instance at a time
     * (a lease in the database). Keep it stable across restarts so that a restarted instance takes its meetings up.
     */
    INSTANCE_ID: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _')
      .default('main'),
    /**
     * The message bus joining server instances (main and backup on one PostgreSQL, R7.2), e.g.
     * `nats://127.0.0.1:4222`; unset for a single instance.
     */
    BUS_URL: z.string().url().optional(),
    /** Subjects of this installation on the bus (several installations may share one NATS). */
    BUS_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]{1,40}$/)
      .default('giaoban'),
    /** How long a participant whose connection was lost keeps their presence to take it back, in seconds. */
    LIVE_RESUME_GRACE_S: z.coerce.number().int().min(1).max(600).default(20),
    /** How long a meeting's lease lasts without renewal, in ms: another instance takes the meeting after that. */
    LIVE_LEASE_MS: z.coerce.number().int().min(500).max(60_000).default(3000),
    /** A connection with more than this waiting in its socket skips frames of changes and then gets a snapshot. */
    LIVE_BACKLOG_KB: z.coerce.number().int().min(16).max(1024 * 1024).default(4096),
    /** A connection that has not answered pings for this long is ended (its presence waits to be taken back). */
    LIVE_DEAD_AFTER_S: z.coerce.number().int().min(2).max(600).default(20),
    /** How often connections are pinged, in seconds. */
    LIVE_PING_S: z.coerce.number().int().min(1).max(120).default(5),
    /** Frames a second a client may send on its signaling connection (a burst of four times as many is allowed). */
    LIVE_FRAMES_PER_S: z.coerce.number().int().min(1).max(10_000).default(50),
    /** Changes in a burst are sent to participants at most this often, in ms. */
    LIVE_COALESCE_MS: z.coerce.number().int().min(0).max(1000).default(25),
    /**
     * NAT traversal (R7.1). `TURN_ENABLED=true` runs the project's own coturn (`turnserver`, Debian `coturn`) under
     * DATA_DIR/turn; or give TURN_URLS and TURN_SECRET of an external coturn. Either way every signed-in participant
     * gets time-limited credentials (TURN REST API) from GET /api/media/ice-servers, never the secret.
     */
    TURN_ENABLED: bool.prefault('false'),
    /**
     * The TURN URLs handed to browsers (comma-separated `turn:`/`turns:`/`stun:`), e.g.
     * `turn:turn.example.gov.vn:3478?transport=udp,turn:turn.example.gov.vn:3478?transport=tcp,turns:turn.example.gov.vn:443?transport=tcp`.
     * Unset with TURN_ENABLED: made from TURN_HOST and the ports below.
     */
    TURN_URLS: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^(turns?|stuns?):[^\s]+$/, 'expected turn:, turns: or stun: URLs'))),
    /** The TURN REST shared secret (coturn `static-auth-secret`); unset with TURN_ENABLED: generated in DATA_DIR/turn/secret. */
    TURN_SECRET: z.string().min(16, 'at least 16 characters').regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').optional(),
    /** How long the credentials a participant receives stay valid, in seconds (they are fetched again at each join). */
    TURN_CREDENTIAL_TTL_S: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(12 * 3600),
    TURN_REALM: z
      .string()
      .regex(/^[A-Za-z0-9.-]{1,100}$/)
      .default('giaoban'),
    /** The host name or address browsers reach the TURN server at; default PUBLIC_URL's host, else 127.0.0.1. */
    TURN_HOST: z.string().regex(/^[A-Za-z0-9.:[\]-]{1,253}$/).optional(),
    /** TURN over UDP and TCP. */
    TURN_PORT: port.default(3478),
    /** TURN over TLS (`turns:`), with the server's certificate (HTTPS=files or self-signed): 443 in production. */
    TURN_TLS_PORT: port.default(5349),
    /** UDP ports coturn relays on (open them in the firewall). */
    TURN_RELAY_PORTS: portRange.prefault('49152-49999'),
    /** Addresses coturn listens on (comma-separated); default every address. */
    TURN_LISTEN_IPS: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.union([z.ipv4(), z.ipv6()]))),
    /** coturn behind a 1:1 NAT: `public` or `public/private` (coturn `external-ip`). */
    TURN_EXTERNAL_IP: z
      .string()
      .regex(/^[0-9a-fA-F.:]+(\/[0-9a-fA-F.:]+)?$/)
      .optional(),
    /** Allow relaying to 127.x peers (a Janus reachable on loopback only, in tests). */
    TURN_ALLOW_LOOPBACK_PEERS: bool.prefault('false'),
    /**
     * Every browser sends its media through TURN only (`iceTransportPolicy: relay`): the browser test of relaying, or
     * a network that must see media on the TURN ports only.
     */
    TURN_FORCE_RELAY: bool.prefault('false'),
    TURN_BINARY: z.string().default('turnserver'),
    /**
     * Janus behind NAT: its public address(es) for its candidates (Janus `nat_1_1_mapping`, comma-separated), with
     * JANUS_KEEP_PRIVATE_HOST=true to offer the private address too (participants on the LAN).
     */
    JANUS_NAT_1_1_MAPPING: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.union([z.ipv4(), z.ipv6()]))),
    JANUS_KEEP_PRIVATE_HOST: bool.prefault('false'),
    /** A STUN server (`host:port`) Janus learns its public address from; turns ICE-lite off (docs/ARCHITECTURE.md). */
    JANUS_STUN_SERVER: z
      .string()
      .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'expected host:port')
      .optional(),
    /** Serve the built web client from web/dist (off in API-only tests). */
    SERVE_WEB: bool.prefault('true'),
  })
  .superRefine((env, ctx) => {
    if (env.HTTPS === 'files' && (!env.TLS_CERT_FILE || !env.TLS_KEY_FILE)) {
      ctx.addIssue({ code: 'custom', path: ['TLS_CERT_FILE'], message: 'HTTPS=files needs TLS_CERT_FILE and TLS_KEY_FILE' });
    }
    if (env.BUS_URL && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['BUS_URL'], message: 'several instances (BUS_URL) share one PostgreSQL: set DATABASE_URL' });
    }
    if (env.BUS_URL && !env.SECRETS_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SECRETS_KEY'], message: 'several instances (BUS_URL) must read each other\'s sealed secrets: set the same SECRETS_KEY on every instance' });
    }
    if (!env.TURN_ENABLED && env.TURN_URLS.length > 0 && !env.TURN_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TURN_SECRET'], message: 'an external TURN server (TURN_URLS) needs TURN_SECRET, its static-auth-secret' });
    }
    if (env.TURN_FORCE_RELAY && !env.TURN_ENABLED && env.TURN_URLS.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['TURN_FORCE_RELAY'], message: 'relaying only needs a TURN server: TURN_ENABLED=true or TURN_URLS' });
    }
    if (env.TURN_ENABLED && env.TURN_PORT === env.TURN_TLS_PORT) {
      ctx.addIssue({ code: 'custom', path: ['TURN_TLS_PORT'], message: 'TURN_PORT and TURN_TLS_PORT must differ' });
    }
    if (env.JANUS_URL && !env.JANUS_ADMIN_KEY) {
      ctx.addIssue({ code: 'custom', path: ['JANUS_ADMIN_KEY'], message: 'an external Janus (JANUS_URL) needs JANUS_ADMIN_KEY' });
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  dataDir: string;
}

export class ConfigError extends Error {}

/** Parse the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
