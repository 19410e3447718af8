/**
 * Meetings in progress on this instance (R3): entering (the room, the lobby, or one's presence taken back), the
 * commands of those inside (`commands/`), connections that close or fall behind, and the meetings this instance
 * owns — taken by a lease in the database, kept as they change, and taken up again after a restart
 * (`recovery.ts`). Each command is checked against the sender's role first; a refused or stale command changes
 * nothing.
 */
import type { Logger } from 'pino';
import type { ClientMessage, LeaveReason } from '../../shared/protocol';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { AuditService } from '../audit/audit.service';
import { AppError } from '../errors';
import type { MediaService } from '../media/media.service';
import type { MeetingRepository, MeetingRow } from '../meetings/meeting.repository';
import type { MeetingService } from '../meetings/meeting.service';
import type { UserRepository } from '../organisation/user.repository';
import { serialise } from './client-link';
import type { ClientConnection } from './client-connection';
import { runCommand } from './commands';
import type { CommandContext } from './commands/command';
import type { LiveDeps, PresentableDocuments, RecordingSink } from './live-deps';
import { LiveMeeting } from './live-meeting';
import type { LiveRepository } from './live.repository';
import type { LobbyEntry } from './meeting-state';
import { permissionsOf } from './meeting-roles';
import type { Participant } from './participant';
import { dismiss, enter, hashResumeToken, lose, remove, resume, snapshotFrame } from './presence';
import { recordingInterrupted, recordingStopped } from './recording';
import { takeOver } from './recovery';

export type { PresentableDocuments, RecordingSink };

export interface LiveOptions {
  /** This server instance (main, backup …): owner of the meetings it runs. */
  instanceId: string;
  recordingsDir?: string;
  recordings?: RecordingSink;
  documents?: PresentableDocuments;
  /** Frames of changes in a burst go out at most this often. */
  coalesceMs?: number;
  /** How long a lease on a meeting lasts without renewal (another instance takes the meeting after that). */
  leaseMs?: number;
  /** How long a lost connection keeps its presence. */
  resumeGraceMs?: number;
}

export const DEFAULT_COALESCE_MS = 25;
export const DEFAULT_LEASE_MS = 3_000;
export const DEFAULT_RESUME_GRACE_MS = 20_000;

/**
 * A close frame with these codes is a deliberate leave (the tab closed or navigated away, the client closed);
 * anything else — 1006 without a close frame (network lost, tab killed, heartbeat), a client's 4000 "retrying" — is
 * a loss, and the presence waits to be taken back.
 */
const DELIBERATE_CLOSE = new Set([1000, 1001, 1005]);

export class LiveService {
  private readonly owned = new Map<string, LiveMeeting>();
  private readonly opening = new Map<string, Promise<LiveMeeting>>();
  private readonly deps: LiveDeps;
  private readonly leaseMs: number;
  private renewTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly meetings: MeetingService,
    private readonly meetingRepo: MeetingRepository,
    private readonly repo: LiveRepository,
    private readonly users: UserRepository,
    private readonly media: MediaService,
    audit: AuditService,
    private readonly logger: Logger,
    private readonly options: LiveOptions,
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.deps = {
      meetings,
      audit,
      media,
      logger,
      documents: options.documents,
      recordings: options.recordings,
      recordingsDir: options.recordingsDir,
      resumeGraceMs: options.resumeGraceMs ?? DEFAULT_RESUME_GRACE_MS,
    };
    media.on('unavailable', () => {
      for (const lm of this.owned.values()) {
        const wasRecording = lm.state.recording;
        lm.media.reset();
        lm.send('all', { type: 'media_state', state: 'unavailable' });
        if (wasRecording) recordingInterrupted(this.deps, lm);
        lm.changed();
      }
    });
    media.on('available', () => {
      for (const lm of this.owned.values()) lm.send('all', { type: 'media_state', state: 'available' });
    });
  }

  get instanceId(): string {
    return this.options.instanceId;
  }

  /** Take up the meetings a previous run of this instance (or an instance whose lease ran out) left behind. */
  async start(): Promise<void> {
    const orphaned = await this.repo.orphaned(this.instanceId);
    for (const meetingId of orphaned) {
      const meeting = await this.meetingRepo.findById(meetingId);
      if (meeting) await this.meetingFor(meeting).catch((err: Error) => this.logger.error({ err: err.message, meetingId }, 'taking up a meeting failed'));
    }
    this.renewTimer = setInterval(() => void this.renewLeases(), Math.floor(this.leaseMs / 4));
  }

  // ------------------------------------------------------------------------------------------ entering

  /** Enter a meeting: a presence taken back, the room, or the lobby (R3.1) — the same checks as the HTTP access check. */
  async join(conn: ClientConnection, message: Extract<ClientMessage, { type: 'join' }>): Promise<void> {
    if (message.v !== PROTOCOL_VERSION) throw new AppError('protocol_version_unsupported');
    const { user, sessionId } = conn.signedIn;
    if (user.mustChangePassword) throw new AppError('password_change_required');
    const slug = message.slug.toLowerCase();

    if (message.resume) {
      const meeting = await this.meetingRepo.findBySlug(slug);
      const lm = meeting && meeting.status === 'open' ? await this.meetingFor(meeting) : undefined;
      const p = lm?.state.byResume.get(hashResumeToken(message.resume));
      if (lm && p && !p.left && p.user.id === user.id && p.sessionId === sessionId) {
        // The presence proves the password was given; the rest of the entry check still holds (not ended, networks).
        await this.meetings.checkEntry(user, sessionId, slug, '', conn.ip, { passwordProven: true });
        conn.meetingId = lm.id;
        conn.onCaughtUp = () => this.sendSnapshot(conn);
        await resume(this.deps, lm, p, conn);
        return;
      }
    }

    const entry = await this.meetings.checkEntry(user, sessionId, slug, message.password, conn.ip);
    let { meeting } = entry;
    if (meeting.status === 'scheduled') {
      await this.meetingRepo.transition(meeting.id, ['scheduled'], 'open');
      meeting = { ...meeting, status: 'open' };
    }
    const lm = await this.meetingFor(meeting);
    conn.meetingId = lm.id;
    conn.onCaughtUp = () => this.sendSnapshot(conn);
    const runsMeeting = entry.role === 'chair' || entry.role === 'chair_technician';
    const lobbyReason: LobbyEntry['reason'] | null = !entry.role
      ? entry.lobbyReason!
      : lm.state.removedUserIds.has(user.id)
        ? 'removed'
        : lm.state.locked && !runsMeeting && !lm.state.participantOf(user.id)
          ? 'locked'
          : null;
    if (lobbyReason) {
      lm.state.newLobbyEntry({ link: conn, signedIn: conn.signedIn, ip: conn.ip, reason: lobbyReason, role: entry.role ?? (entry.endpoint ? 'endpoint' : 'delegate'), endpoint: entry.endpoint });
      lm.changed();
      conn.send(serialise({ type: 'lobby', reason: lobbyReason }));
      lm.log('lobby_waiting', user.id, { reason: lobbyReason });
      return;
    }
    await enter(this.deps, lm, conn, conn.signedIn, entry.role!, entry.endpoint);
  }

  // ------------------------------------------------------------------------------------------ commands

  /** Everything a connection may send after `join`: lobby waiters may only leave. */
  async command(conn: ClientConnection, message: ClientMessage): Promise<void> {
    if (message.type === 'join') throw new AppError('already_joined');
    const lm = conn.meetingId ? this.owned.get(conn.meetingId) : undefined;
    const p = lm?.state.byLink.get(conn.id);
    if (!lm || !p) {
      const entry = lm?.state.lobbyByLink.get(conn.id);
      if (lm && entry && message.type === 'leave') return this.leaveLobby(lm, entry);
      throw new AppError('not_joined');
    }
    await runCommand(this.context(lm, p), message);
  }

  private context(lm: LiveMeeting, p: Participant): CommandContext {
    return {
      deps: this.deps,
      repo: this.repo,
      lm,
      p,
      admit: (entry, asObserver) => this.admit(lm, p, entry, asObserver),
      ended: () => {
        this.owned.delete(lm.id);
      },
    };
  }

  private async admit(lm: LiveMeeting, by: Participant, entry: LobbyEntry, asObserver: boolean): Promise<void> {
    const userId = entry.signedIn.user.id;
    lm.state.removeLobbyEntry(entry);
    lm.state.removedUserIds.delete(userId);
    lm.changed();
    lm.log('admitted', userId, { by: by.user.id, reason: entry.reason, asObserver });
    await this.deps.audit.record({ actorId: by.user.id, action: 'meeting.admitted', targetType: 'meeting', targetId: lm.id, data: { userId, asObserver } });
    await enter(this.deps, lm, entry.link, entry.signedIn, asObserver ? 'observer' : entry.role, entry.endpoint);
  }

  private leaveLobby(lm: LiveMeeting, entry: LobbyEntry): void {
    lm.state.removeLobbyEntry(entry);
    lm.changed();
    entry.link.close();
  }

  // ------------------------------------------------------------------------------------------ connections

  /**
   * The connection closed. A deliberate close (the tab closed or left) ends the presence; a lost one (network,
   * heartbeat, a killed browser) keeps it for the participant to take back.
   */
  async disconnected(conn: ClientConnection): Promise<void> {
    const lm = conn.meetingId ? this.owned.get(conn.meetingId) : undefined;
    if (!lm) return;
    const entry = lm.state.lobbyByLink.get(conn.id);
    if (entry) this.leaveLobby(lm, entry);
    const p = lm.state.byLink.get(conn.id);
    if (!p || p.left) return;
    if (conn.closeCode !== null && DELIBERATE_CLOSE.has(conn.closeCode)) {
      await remove(this.deps, lm, p, 'left', { early: Date.now() < lm.meeting.endsAt.getTime(), consent: permissionsOf(p.role).leaveFreely || p.leaveConsented });
    } else {
      lose(this.deps, lm, p);
      lm.log('connection_lost', p.user.id, { participantId: p.id, code: conn.closeCode });
    }
  }

  /** A connection that fell behind caught up: it gets the whole view again. */
  private sendSnapshot(conn: ClientConnection): void {
    const lm = conn.meetingId ? this.owned.get(conn.meetingId) : undefined;
    const p = lm?.state.byLink.get(conn.id);
    if (lm && p) conn.send(snapshotFrame(lm, p));
  }

  /**
   * Sessions that ended (signed out elsewhere, account disabled, leak response) leave their meetings at once:
   * told `closed: session_revoked`, connection closed.
   */
  async disconnectWhere(match: (p: { sessionId: string; user: { id: string } }) => boolean, reason: LeaveReason = 'session_revoked'): Promise<number> {
    let hit = 0;
    for (const lm of this.owned.values()) {
      for (const p of [...lm.state.participants.values()].filter(match)) {
        hit += 1;
        await dismiss(this.deps, lm, p, reason);
      }
      for (const entry of [...lm.state.lobby.values()]) {
        if (!match({ sessionId: entry.signedIn.sessionId, user: entry.signedIn.user })) continue;
        entry.link.send(serialise({ type: 'closed', reason }));
        this.leaveLobby(lm, entry);
      }
    }
    return hit;
  }

  // ------------------------------------------------------------------------------------------ ownership

  /** The meeting's live state on this instance: already owned, or taken now (and taken up when it was left behind). */
  private meetingFor(meeting: MeetingRow): Promise<LiveMeeting> {
    const owned = this.owned.get(meeting.id);
    if (owned) return Promise.resolve(owned);
    let opening = this.opening.get(meeting.id);
    if (!opening) {
      opening = this.take(meeting).finally(() => this.opening.delete(meeting.id));
      this.opening.set(meeting.id, opening);
    }
    return opening;
  }

  private async take(meeting: MeetingRow): Promise<LiveMeeting> {
    const lease = await this.repo.acquire(meeting.id, this.instanceId, this.leaseMs, {});
    if (!lease) throw new AppError('media_unavailable', undefined, 'the meeting is held by another instance');
    const lm = new LiveMeeting(meeting, {
      repo: this.repo,
      media: this.media,
      logger: this.logger,
      instanceId: this.instanceId,
      fencing: lease.fencing,
      recDir: this.options.recordingsDir ? `${this.options.recordingsDir}/${meeting.id}` : undefined,
      coalesceMs: this.options.coalesceMs ?? DEFAULT_COALESCE_MS,
      onLeaseLost: (lost) => this.leaseLost(lost),
    });
    if (lease.state && Object.keys(lease.state).length) await takeOver(this.deps, this.repo, this.users, lm, lease);
    lm.changed();
    this.owned.set(meeting.id, lm);
    return lm;
  }

  private async renewLeases(): Promise<void> {
    if (this.stopped || this.owned.size === 0) return;
    const held = [...this.owned.values()].map((lm) => ({ meetingId: lm.id, fencing: lm.fencing }));
    try {
      const still = await this.repo.renew(this.instanceId, held, this.leaseMs);
      for (const lm of [...this.owned.values()]) if (!lm.closed && !still.has(lm.id) && held.some((h) => h.meetingId === lm.id)) this.leaseLost(lm);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'renewing the meetings’ leases failed');
    }
  }

  /** Another instance owns the meeting now: this one lets go (its connections reconnect to the owner). */
  private leaseLost(lm: LiveMeeting): void {
    if (this.owned.get(lm.id) !== lm || lm.closed) return;
    this.logger.warn({ meetingId: lm.id }, 'the meeting is owned by another instance now');
    this.owned.delete(lm.id);
    lm.dispose();
    for (const p of lm.state.participants.values()) p.link?.close(1012);
    for (const entry of lm.state.lobby.values()) entry.link.close(1012);
  }

  /**
   * Shutdown: what is pending is written, the leases are let go (another instance, or this one started again,
   * takes the meetings up at once) and connections are closed with 1012 (service restart) so that clients come back.
   */
  async shutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.renewTimer);
    for (const lm of this.owned.values()) {
      await lm.flushNow().catch(() => undefined);
      lm.dispose();
      for (const p of lm.state.participants.values()) p.link?.close(1012);
      for (const entry of lm.state.lobby.values()) entry.link.close(1012);
      if (lm.state.recording) recordingStopped(this.deps, lm);
      await this.repo.release(lm.id, this.instanceId, lm.fencing).catch(() => undefined);
    }
    this.owned.clear();
  }

  /** For tests and diagnostics: the live state of a meeting owned here. */
  liveMeeting(meetingId: string): LiveMeeting | undefined {
    return this.owned.get(meetingId);
  }
}
