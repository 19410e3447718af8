/**
 * The security settings of the running system (R6.2, M11.2c), gathered for the operator's page and the dossier's
 * annex: transport (HTTPS, the certificate, the headers actually sent), accounts (password rule and hashing, second
 * factor, sessions, limits on guessing), the audit chain as verified now, the secrets key, the last backup, the
 * media plane's exposure and the versions of the components. Read from the configuration, the database and the
 * files — nothing on this page is typed in by hand, so it cannot say more than the system does.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { count, isNotNull, isNull, sql } from 'drizzle-orm';
import { PASSWORD_MIN_LENGTH, type SecuritySettingsView } from '../../shared/api';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { AppError } from '../errors';
import type { AuditService } from '../audit/audit.service';
import { organisationPolicy, type Actor } from '../organisation/organisation.policy';
import { projectRoot } from '../paths';

const run = promisify(execFile);

/** The security headers shown on the page, as the server sends them (server/http/security-headers.ts). */
export const SECURITY_HEADERS = [
  'content-security-policy',
  'strict-transport-security',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
] as const;
const DAY_MS = 86_400_000;

export interface SecurityFacts {
  /** Headers the server sends with an ordinary answer (taken from a real one). */
  headers(): Promise<string[]>;
  janusAvailable(): boolean;
}

export class SecuritySettingsService {
  private versions?: Promise<{ name: string; version: string }[]>;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly facts: SecurityFacts,
    private readonly databaseKind: 'pglite' | 'postgres',
  ) {}

  async settingsFor(actor: Actor): Promise<SecuritySettingsView> {
    if (!organisationPolicy.readAudit(actor)) throw new AppError('forbidden');
    const { config } = this;
    const [accounts] = await this.db.select({ n: count() }).from(users).where(isNull(users.disabledAt));
    const [enrolled] = await this.db
      .select({ n: count() })
      .from(users)
      .where(sql`${isNull(users.disabledAt)} AND ${isNotNull(users.totpSecret)}`);
    const verified = await this.audit.verify();
    const head = verified.head ? `${verified.head.id}:${verified.head.hash}` : null;
    return {
      generatedAt: new Date().toISOString(),
      transport: {
        https: config.HTTPS,
        publicUrl: config.PUBLIC_URL ?? null,
        certificate: this.certificate(),
        headers: await this.facts.headers(),
      },
      accounts: {
        passwordMinLength: PASSWORD_MIN_LENGTH,
        passwordHashing: 'argon2id (19 MiB, t = 2)',
        secondFactor: { requiredForOperators: true, enrolled: Number(enrolled?.n ?? 0), accounts: Number(accounts?.n ?? 0) },
        sessionHours: config.SESSION_TTL_HOURS,
        lockout: { failures: config.LOCKOUT_MAX_FAILURES, minutes: config.LOCKOUT_MINUTES },
        guessesPerMinute: config.GUESSES_PER_MINUTE,
        meetingPassword: { failures: config.MEETING_PASSWORD_FAILURES, windowMinutes: config.MEETING_PASSWORD_WINDOW_MINUTES },
      },
      audit: { ok: verified.ok, checked: verified.checked, anchorKept: Boolean(verified.anchors?.some((a) => a.source === 'stored')), head },
      secrets: {
        source: config.SECRETS_KEY ? 'configuration' : 'data-directory',
        previousKeys: config.SECRETS_KEY_PREVIOUS.length,
        sealing: 'AES-256-GCM',
      },
      backups: { last: this.lastBackup() },
      media: { janusApi: config.JANUS_API_LISTEN, janusAvailable: this.facts.janusAvailable(), meetingRoomsPrivate: true },
      versions: await (this.versions ??= this.componentVersions()),
    };
  }

  private certificate(): SecuritySettingsView['transport']['certificate'] {
    const { config } = this;
    const file = config.HTTPS === 'files' ? config.TLS_CERT_FILE : config.HTTPS === 'self-signed' ? path.join(config.dataDir, 'tls', 'self-signed.crt') : undefined;
    if (!file || !fs.existsSync(file)) return null;
    const cert = new X509Certificate(fs.readFileSync(file));
    const validTo = new Date(cert.validTo);
    return { subject: cert.subject.replace(/\n/g, ', '), issuer: cert.issuer.replace(/\n/g, ', '), validTo: validTo.toISOString(), daysLeft: Math.floor((validTo.getTime() - Date.now()) / DAY_MS) };
  }

  /** The newest archive `npm run backup` left in its default place. */
  private lastBackup(): SecuritySettingsView['backups']['last'] {
    const dir = path.join(this.config.dataDir, 'backups');
    if (!fs.existsSync(dir)) return null;
    const archives = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.tar.gz'))
      .map((name) => ({ name, stat: fs.statSync(path.join(dir, name)) }))
      .sort((a, b) => b.stat.mtimeMs - a.stat.mtimeMs);
    const last = archives[0];
    return last ? { name: last.name, at: last.stat.mtime.toISOString(), sizeBytes: last.stat.size } : null;
  }

  private async componentVersions(): Promise<{ name: string; version: string }[]> {
    const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    const [database] = ((await this.db.execute(sql`SELECT version() AS v`)) as unknown as { rows: { v: string }[] }).rows;
    // `janus --version` prints its version and exits with 1
    const printed = await run(this.config.JANUS_BINARY, ['--version']).then(
      ({ stdout }) => stdout,
      (err: { stdout?: string }) => err.stdout ?? '',
    );
    const janus = /Janus version: \d+ \(([^)]+)\)/.exec(printed)?.[1] ?? 'không xác định';
    return [
      { name: 'GiaoBan', version: pkg.version },
      { name: 'Node.js', version: process.versions.node },
      { name: 'OpenSSL', version: process.versions.openssl },
      { name: this.databaseKind === 'postgres' ? 'PostgreSQL' : 'PGlite (PostgreSQL)', version: database?.v.split(' on ')[0] ?? '' },
      { name: 'Janus WebRTC Server', version: janus },
    ];
  }
}
