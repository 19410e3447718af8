/**
 * Meetings in progress on this instance (R3, R7.2).
 *
 * Each meeting in progress has one owner: the instance holding its lease in the database (`live.repository.ts`),
 * which keeps its state, runs its commands (`commands/`) and its Janus room, and writes everything as it changes.
 * A browser's WebSocket may reach any instance: when the meeting is owned here, its connection is a participant's
 * link directly; when another instance owns it, its frames go there over the bus and come back the same way
 * (`bus.ts`, `remote-link.ts`). When the owner dies its lease runs out and another instance takes the meeting up
 * from the database (`recovery.ts`): the connections it holds are relinked at once, the others come back with their
 * resume tokens. A single instance (the embedded default) has no bus: every meeting is owned here.
 *
 * Entering: a presence taken back (resume token), the room, or the lobby (R3.1) — the same checks as the HTTP
 * access check, made by the instance holding the connection. Each command is checked against the sender's role
 * first; a refused or stale command changes nothing.
 */
import type { LiveFigures, MetricsSink } from '../metrics/metrics';
import type { Logger } from 'pino';
import type { ClientMessage, LeaveReason } from '../../shared/protocol';
import { errorIds, type ErrorId } from '../../shared/errors';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { AuditService } from '../audit/audit.service';
import type { PresenceCloser } from '../auth/auth.service';
import { AppError } from '../errors';
import type { MediaService } from '../media/media.service';
import type { MeetingRepository, MeetingRow } from '../meetings/meeting.repository';
import type { MeetingService } from '../meetings/meeting.service';
import type { UserRepository } from '../organisation/user.repository';
import type { BusMessage, BusReply, ConnRef, EntryRef, LiveBus } from './bus';
import { serialise, type ClientLink } from './client-link';
import type { ClientConnection } from './client-connection';
import { runCommand } from './commands';
import type { CommandContext } from './commands/command';
import type { ConclusionsRecorder, IncidentRecorder, LiveDeps, PresentableDocuments, RecordingSink } from './live-deps';
import { LiveMeeting } from './live-meeting';
import type { LiveRepository } from './live.repository';
import type { LiveObserver } from './live-observer';
import type { LobbyEntry } from './meeting-state';
import { permissionsOf } from './meeting-roles';
import type { Participant } from './participant';
import { dismiss, enter, hashResumeToken, lose, remove, resume, snapshotFrame } from './presence';
import { recordingInterrupted, recordingStopped } from './recording';
import { takeOver } from './recovery';
import { RemoteLink } from './remote-link';

export type { PresentableDocuments, RecordingSink };

export interface LiveOptions {
  /** This server instance (main, backup …): owner of the meetings it runs. */
  instanceId: string;
  recordingsDir?: string;
  recordings?: RecordingSink;
  documents?: PresentableDocuments;
  /** Records the chair's conclusions when the meeting ends (R3.5). */
  conclusions: ConclusionsRecorder;
  /** The incident register, where reported incidents are written (R3.10, R5.4). */
  incidents?: IncidentRecorder;
  /** Frames of changes in a burst go out at most this often. */
  coalesceMs?: number;
  /** How long a lease on a meeting lasts without renewal (another instance takes the meeting after that). */
  leaseMs?: number;
  /** How long a lost connection keeps its presence. */
  resumeGraceMs?: number;
  /** Where the delivery time of changes is reported (Prometheus). */
  metrics?: MetricsSink;
  /** The operator's console (R3.10): watches the meetings run here. */
  observer?: LiveObserver;
}

export const DEFAULT_COALESCE_MS = 25;
/** `records_changed` notices of one meeting go at most this often. */
export const RECORDS_NOTICE_MS = 300;
export const DEFAULT_LEASE_MS = 3_000;
export const DEFAULT_RESUME_GRACE_MS = 20_000;
/** How long an instance waits for another's answer on the bus. */
const BUS_TIMEOUT_MS = 1_500;

/**
 * A close frame with these codes is a deliberate leave (the tab closed or navigated away, the client closed);
 * anything else — 1006 without a close frame (network lost, tab killed, heartbeat), a client's 4000 "retrying" — is
 * a loss, and the presence waits to be taken back.
 */
const DELIBERATE_CLOSE = new Set([1000, 1001, 1005]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a meeting lives: here, or on the instance that owns it. */
type Place = { lm: LiveMeeting; owner?: undefined } | { lm?: undefined; owner: string };

export class LiveService implements PresenceCloser, LiveFigures {
  private readonly owned = new Map<string, LiveMeeting>();
  private readonly opening = new Map<string, Promise<LiveMeeting | null>>();
  /** Connections held here (their meeting may be owned here or elsewhere). */
  private readonly connections = new Map<string, ClientConnection>();
  private readonly deps: LiveDeps;
  private readonly leaseMs: number;
  private bus?: LiveBus;
  private renewTimer?: NodeJS.Timeout;
  private watchTimer?: NodeJS.Timeout;
  /** Other instances that hold connections of meetings owned here, and how many pings they missed in a row. */
  private readonly missedPings = new Map<string, number>();
  /** Meetings (and kinds) whose `records_changed` notice is about to go. */
  private readonly recordsNoticePending = new Set<string>();
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
      conclusions: options.conclusions,
      incidents: options.incidents,
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

  /**
   * Take up the meetings a previous run of this instance (or an instance whose lease ran out) left behind, and keep
   * the leases. With a bus, other instances reach this one through it.
   */
  /** Meetings this instance runs now (metrics). */
  liveMeetings(): number {
    return this.owned.size;
  }

  /** Participants connected to them now, here or through another instance (metrics). */
  liveParticipants(): number {
    let n = 0;
    for (const lm of this.owned.values()) n += lm.state.byLink.size;
    return n;
  }

  async start(bus?: LiveBus): Promise<void> {
    this.bus = bus;
    const orphaned = await this.repo.orphaned(this.instanceId);
    for (const meetingId of orphaned) {
      const meeting = await this.meetingRepo.findById(meetingId);
      if (meeting) await this.take(meeting).catch((err: Error) => this.logger.error({ err: err.message, meetingId }, 'taking up a meeting failed'));
    }
    this.renewTimer = setInterval(() => void this.renewLeases(), Math.floor(this.leaseMs / 4));
    if (bus) this.watchTimer = setInterval(() => void this.watchOthers(), Math.floor(this.leaseMs / 2));
  }

  // ------------------------------------------------------------------------------------------ connections held here

  /** Enter a meeting: a presence taken back, the room, or the lobby (R3.1) — the same checks as the HTTP access check. */
  async join(conn: ClientConnection, message: Extract<ClientMessage, { type: 'join' }>): Promise<void> {
    if (message.v !== PROTOCOL_VERSION) throw new AppError('protocol_version_unsupported');
    const { user, sessionId } = conn.signedIn;
    if (user.mustChangePassword) throw new AppError('password_change_required');
    const slug = message.slug.toLowerCase();
    this.connections.set(conn.id, conn);
    conn.onCaughtUp = () => void this.snapshotFor(conn);

    if (message.resume) {
      const meeting = await this.meetingRepo.findBySlug(slug);
      if (meeting && meeting.status === 'open') {
        // The presence proves the password was given; the rest of the entry check still holds (not ended, networks).
        await this.meetings.checkEntry(user, sessionId, slug, '', conn.ip, { passwordProven: true });
        const place = await this.place(meeting);
        const resumed = place.lm
          ? await this.resumeLink(place.lm, conn, message.resume, conn.signedIn.sessionId, user.id)
          : (await this.ask(place.owner, { kind: 'resume', meetingId: meeting.id, conn: this.ref(conn), token: message.resume })).ok;
        if (resumed) {
          conn.meetingId = meeting.id;
          conn.ownerInstance = place.owner ?? null;
          return;
        }
      }
    }

    const entry = await this.meetings.checkEntry(user, sessionId, slug, message.password, conn.ip);
    let { meeting } = entry;
    if (meeting.status === 'scheduled') {
      await this.meetingRepo.transition(meeting.id, ['scheduled'], 'open');
      meeting = { ...meeting, status: 'open' };
    }
    const place = await this.place(meeting);
    const decided: EntryRef = { role: entry.role, lobbyReason: entry.lobbyReason, endpoint: entry.endpoint };
    if (place.lm) await this.admitEntry(place.lm, conn, conn.signedIn, conn.ip, decided);
    else {
      const reply = await this.ask(place.owner, { kind: 'join', meetingId: meeting.id, conn: this.ref(conn), entry: decided });
      if (!reply.ok) throw new AppError(errorIds.includes(reply.error as ErrorId) ? (reply.error as ErrorId) : 'internal_error');
    }
    conn.meetingId = meeting.id;
    conn.ownerInstance = place.owner ?? null;
  }

  /** Everything a connection may send after `join`: lobby waiters may only leave. */
  async command(conn: ClientConnection, message: ClientMessage): Promise<void> {
    if (message.type === 'join') throw new AppError('already_joined');
    if (!conn.meetingId) throw new AppError('not_joined');
    if (conn.ownerInstance) {
      this.bus?.publish(conn.ownerInstance, { kind: 'command', meetingId: conn.meetingId, connId: conn.id, message });
      return;
    }
    const lm = this.owned.get(conn.meetingId);
    if (!lm) throw new AppError('not_joined');
    await this.commandFrom(lm, conn.id, message);
  }

  /**
   * The connection closed. A deliberate close (the tab closed or left) ends the presence; a lost one (network,
   * heartbeat, a killed browser) keeps it for the participant to take back.
   */
  async disconnected(conn: ClientConnection): Promise<void> {
    this.connections.delete(conn.id);
    if (!conn.meetingId) return;
    if (conn.ownerInstance) {
      this.bus?.publish(conn.ownerInstance, { kind: 'disconnected', meetingId: conn.meetingId, connId: conn.id, code: conn.closeCode });
      return;
    }
    const lm = this.owned.get(conn.meetingId);
    if (lm) await this.linkClosed(lm, conn.id, conn.closeCode);
  }

  /** A connection that fell behind caught up: it gets the whole view again. */
  private async snapshotFor(conn: ClientConnection): Promise<void> {
    if (!conn.meetingId) return;
    if (conn.ownerInstance) return this.bus?.publish(conn.ownerInstance, { kind: 'snapshot', meetingId: conn.meetingId, connId: conn.id });
    const lm = this.owned.get(conn.meetingId);
    const p = lm?.state.byLink.get(conn.id);
    if (lm && p) conn.send(snapshotFrame(lm, p));
  }

  private ref(conn: ClientConnection): ConnRef {
    return { id: conn.id, instanceId: this.instanceId, userId: conn.signedIn.user.id, sessionId: conn.signedIn.sessionId, ip: conn.ip };
  }

  private async ask(owner: string, message: BusMessage): Promise<BusReply> {
    if (!this.bus) throw new AppError('media_unavailable');
    return this.bus.request(owner, message, BUS_TIMEOUT_MS).catch(() => {
      throw new AppError('media_unavailable', undefined, `instance ${owner} did not answer`);
    });
  }

  // ------------------------------------------------------------------------------------------ meetings owned here

  /** Let in (or into the lobby) someone whose entry check passed, through any link. */
  private async admitEntry(lm: LiveMeeting, link: ClientLink, signedIn: LobbyEntry['signedIn'], ip: string, entry: EntryRef): Promise<void> {
    const { user } = signedIn;
    const runsMeeting = entry.role === 'chair' || entry.role === 'chair_technician';
    const lobbyReason: LobbyEntry['reason'] | null = !entry.role
      ? entry.lobbyReason!
      : lm.state.removedUserIds.has(user.id)
        ? 'removed'
        : lm.state.locked && !runsMeeting && !lm.state.participantOf(user.id)
          ? 'locked'
          : null;
    if (lobbyReason) {
      lm.state.newLobbyEntry({ link, signedIn, ip, reason: lobbyReason, role: entry.role ?? (entry.endpoint ? 'endpoint' : 'delegate'), endpoint: entry.endpoint });
      lm.changed();
      link.send(serialise({ type: 'lobby', reason: lobbyReason }));
      lm.log('lobby_waiting', user.id, { reason: lobbyReason });
      return;
    }
    this.attached(lm, link, await enter(this.deps, lm, link, signedIn, entry.role!, entry.endpoint));
  }

  /** Take a presence back through `link` when the token is its own (same account and session). */
  private async resumeLink(lm: LiveMeeting, link: ClientLink, token: string, sessionId: string, userId: string): Promise<boolean> {
    const p = lm.state.byResume.get(hashResumeToken(token));
    if (!p || p.left || p.user.id !== userId || p.sessionId !== sessionId) return false;
    await resume(this.deps, lm, p, link);
    this.attached(lm, link, p);
    return true;
  }

  /** Tell the instance holding a remote connection whose presence it is (it relinks it if it takes the meeting over). */
  private attached(lm: LiveMeeting, link: ClientLink, p: Participant): void {
    if (link instanceof RemoteLink) this.bus?.publish(link.instanceId, { kind: 'attached', connId: link.id, meetingId: lm.id, participantId: p.id });
    else {
      const conn = this.connections.get(link.id);
      if (conn) conn.participantId = p.id;
    }
  }

  private async commandFrom(lm: LiveMeeting, linkId: string, message: ClientMessage): Promise<void> {
    if (message.type === 'join') throw new AppError('already_joined');
    const p = lm.state.byLink.get(linkId);
    if (!p) {
      const entry = lm.state.lobbyByLink.get(linkId);
      if (entry && message.type === 'leave') return this.leaveLobby(lm, entry);
      throw new AppError('not_joined');
    }
    await runCommand(this.context(lm, p), message);
  }

  private async linkClosed(lm: LiveMeeting, linkId: string, code: number | null): Promise<void> {
    const entry = lm.state.lobbyByLink.get(linkId);
    if (entry) this.leaveLobby(lm, entry);
    const p = lm.state.byLink.get(linkId);
    if (!p || p.left) return;
    if (code !== null && DELIBERATE_CLOSE.has(code)) {
      await remove(this.deps, lm, p, 'left', { early: Date.now() < lm.meeting.endsAt.getTime(), consent: permissionsOf(p.role).leaveFreely || p.leaveConsented });
    } else {
      lose(this.deps, lm, p);
      lm.log('connection_lost', p.user.id, { participantId: p.id, code });
    }
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
    this.attached(lm, entry.link, await enter(this.deps, lm, entry.link, entry.signedIn, asObserver ? 'observer' : entry.role, entry.endpoint));
  }

  private leaveLobby(lm: LiveMeeting, entry: LobbyEntry): void {
    lm.state.removeLobbyEntry(entry);
    lm.changed();
    entry.link.close();
  }

  // ------------------------------------------------------------------------------------------ other instances

  /** A message from another instance (or, for announcements to all, from this one). */
  async onBusMessage(message: BusMessage): Promise<BusReply | void> {
    switch (message.kind) {
      case 'deliver':
        for (const id of message.conns) this.connections.get(id)?.send(message.frame, message.skippable);
        return;
      case 'close':
        for (const id of message.conns) this.connections.get(id)?.close(message.code);
        return;
      case 'attached': {
        const conn = this.connections.get(message.connId);
        if (conn) conn.participantId = message.participantId;
        return;
      }
      case 'close_sessions':
        await this.closeHere(({ sessionId }) => message.sessionIds.includes(sessionId));
        return;
      case 'close_user':
        await this.closeHere(({ user }) => user.id === message.userId);
        return;
      case 'records_changed':
        this.tellRecordsChanged(message.meetingId, message.what);
        return;
      case 'ping':
        return { ok: message.meetingId === undefined || this.owned.has(message.meetingId) };
    }
    // The rest is for the meeting's owner.
    const lm = this.owned.get(message.meetingId);
    if (!lm) return { ok: false, error: 'not_owner' };
    switch (message.kind) {
      case 'join': {
        const signedIn = await this.signedInOf(message.conn);
        if (!signedIn) return { ok: false, error: 'unauthenticated' };
        await this.admitEntry(lm, this.remoteLink(message.conn), signedIn, message.conn.ip, message.entry);
        return { ok: true };
      }
      case 'resume':
        return { ok: await this.resumeLink(lm, this.remoteLink(message.conn), message.token, message.conn.sessionId, message.conn.userId) };
      case 'relink': {
        const p = lm.state.participants.get(message.participantId);
        if (!p || p.left || p.sessionId !== message.conn.sessionId) return { ok: false };
        await resume(this.deps, lm, p, this.remoteLink(message.conn));
        return { ok: true };
      }
      case 'command': {
        const link = lm.state.byLink.get(message.connId)?.link ?? lm.state.lobbyByLink.get(message.connId)?.link;
        const run = () =>
          this.commandFrom(lm, message.connId, message.message).catch((err: unknown) => {
            const error = err instanceof AppError ? err : new AppError('internal_error');
            if (!(err instanceof AppError)) this.logger.error({ err }, 'a forwarded command failed');
            link?.send(serialise({ type: 'error', id: error.id, message: error.publicMessage, request: message.message.type }));
          });
        // Commands of one connection run in order, as on the instance holding it.
        if (link instanceof RemoteLink) link.queue = link.queue.then(run);
        else await run();
        return;
      }
      case 'disconnected':
        await this.linkClosed(lm, message.connId, message.code);
        return;
      case 'snapshot': {
        const p = lm.state.byLink.get(message.connId);
        if (p?.link) p.link.send(snapshotFrame(lm, p));
        return;
      }
    }
  }

  private remoteLink(ref: ConnRef): RemoteLink {
    return new RemoteLink(ref, this.bus!);
  }

  /** The account and session behind a connection another instance authenticated (read again, never sent over the bus). */
  private async signedInOf(ref: ConnRef): Promise<LobbyEntry['signedIn'] | null> {
    const user = await this.users.findById(ref.userId);
    if (!user || user.disabledAt) return null;
    return { user, sessionId: ref.sessionId, csrfToken: '', pendingSecondFactor: false, secondFactorEnrolmentRequired: false };
  }

  /**
   * The owners of meetings whose connections are held here: when an owner's lease runs out (it died), take the
   * meeting over and relink the connections held here; and instances holding connections of meetings owned here:
   * when one stops answering, its connections are lost (their browsers come back through another instance).
   */
  private async watchOthers(): Promise<void> {
    if (this.stopped || !this.bus) return;
    const remoteMeetings = new Map<string, string>();
    for (const conn of this.connections.values()) if (conn.meetingId && conn.ownerInstance) remoteMeetings.set(conn.meetingId, conn.ownerInstance);
    for (const [meetingId, owner] of remoteMeetings) {
      const current = await this.repo.owner(meetingId).catch(() => owner);
      if (current === owner) continue;
      const meeting = await this.meetingRepo.findById(meetingId);
      if (meeting && meeting.status === 'open') await this.moveConnections(meeting).catch((err: Error) => this.logger.warn({ err: err.message, meetingId }, 'following a meeting to its new owner failed'));
    }
    const holders = new Set<string>();
    for (const lm of this.owned.values()) {
      for (const p of lm.state.participants.values()) if (p.link instanceof RemoteLink) holders.add(p.link.instanceId);
      for (const e of lm.state.lobby.values()) if (e.link instanceof RemoteLink) holders.add(e.link.instanceId);
    }
    for (const instance of holders) {
      const alive = await this.bus.request(instance, { kind: 'ping' }, BUS_TIMEOUT_MS).then(
        () => true,
        () => false,
      );
      const missed = alive ? 0 : (this.missedPings.get(instance) ?? 0) + 1;
      this.missedPings.set(instance, missed);
      if (missed === 2) this.instanceGone(instance);
    }
  }

  /** The connections held here of a meeting whose owner changed: relinked to the new owner (this one, or another). */
  private async moveConnections(meeting: MeetingRow): Promise<void> {
    const place = await this.place(meeting);
    for (const conn of this.connections.values()) {
      if (conn.meetingId !== meeting.id || !conn.ownerInstance) continue;
      conn.ownerInstance = place.owner ?? null;
      if (!conn.participantId) {
        conn.close(1012); // a lobby waiter knocks again
        continue;
      }
      if (place.lm) {
        const p = place.lm.state.participants.get(conn.participantId);
        if (p && !p.left && p.sessionId === conn.signedIn.sessionId) await resume(this.deps, place.lm, p, conn);
        else conn.close(1012);
      } else {
        const reply = await this.ask(place.owner, { kind: 'relink', meetingId: meeting.id, conn: this.ref(conn), participantId: conn.participantId }).catch(() => ({ ok: false }));
        if (!reply.ok) conn.close(1012);
      }
    }
  }

  /** An instance holding connections of meetings owned here stopped answering: their presences are lost. */
  private instanceGone(instance: string): void {
    this.logger.warn({ instance }, 'an instance holding connections stopped answering; its participants are lost until they come back');
    for (const lm of this.owned.values()) {
      for (const p of [...lm.state.participants.values()]) if (p.link instanceof RemoteLink && p.link.instanceId === instance) lose(this.deps, lm, p);
      for (const e of [...lm.state.lobby.values()]) if (e.link instanceof RemoteLink && e.link.instanceId === instance) this.leaveLobby(lm, e);
    }
  }

  // ------------------------------------------------------------------------------------------ sessions that end

  /** Ended sessions leave their meetings at once, on every instance: told `closed: session_revoked`. */
  async closeSessions(sessionIds: string[]): Promise<void> {
    if (this.bus) this.bus.broadcast({ kind: 'close_sessions', sessionIds });
    else await this.closeHere(({ sessionId }) => sessionIds.includes(sessionId));
  }

  /** A disabled account leaves every meeting at once, on every instance. */
  async closeUser(userId: string): Promise<void> {
    if (this.bus) this.bus.broadcast({ kind: 'close_user', userId });
    else await this.closeHere(({ user }) => user.id === userId);
  }

  /**
   * The meeting's minutes or votes changed (over HTTP): everyone in the room is told, on every instance, and fetches
   * them again. At most one notice per meeting and kind every `RECORDS_NOTICE_MS`: a thousand ballots in a second
   * make two notices, not a thousand.
   */
  announce(meetingId: string, what: 'minutes' | 'votes'): void {
    const key = `${meetingId}:${what}`;
    if (this.recordsNoticePending.has(key)) return;
    this.recordsNoticePending.add(key);
    setTimeout(() => {
      this.recordsNoticePending.delete(key);
      if (this.bus) this.bus.broadcast({ kind: 'records_changed', meetingId, what });
      else this.tellRecordsChanged(meetingId, what);
    }, RECORDS_NOTICE_MS).unref();
  }

  private tellRecordsChanged(meetingId: string, what: 'minutes' | 'votes'): void {
    const frame = serialise({ type: 'records_changed', what });
    for (const conn of this.connections.values()) if (conn.meetingId === meetingId && conn.participantId) conn.send(frame);
  }

  private async closeHere(match: (p: { sessionId: string; user: { id: string } }) => boolean, reason: LeaveReason = 'session_revoked'): Promise<void> {
    for (const lm of this.owned.values()) {
      for (const p of [...lm.state.participants.values()].filter(match)) await dismiss(this.deps, lm, p, reason);
      for (const entry of [...lm.state.lobby.values()]) {
        if (!match({ sessionId: entry.signedIn.sessionId, user: entry.signedIn.user })) continue;
        entry.link.send(serialise({ type: 'closed', reason }));
        this.leaveLobby(lm, entry);
      }
    }
  }

  // ------------------------------------------------------------------------------------------ ownership

  /**
   * Where the meeting lives: owned here (taken now when nobody holds it), or by the instance holding its lease.
   * While a dead owner's lease runs, this waits and then takes the meeting over.
   */
  private async place(meeting: MeetingRow): Promise<Place> {
    const deadline = Date.now() + this.leaseMs + 2_000;
    for (;;) {
      const lm = await this.meetingFor(meeting);
      if (lm) return { lm };
      const owner = await this.repo.owner(meeting.id);
      if (owner && owner !== this.instanceId && this.bus) {
        const answers = await this.bus.request(owner, { kind: 'ping', meetingId: meeting.id }, BUS_TIMEOUT_MS).then(
          (reply) => reply.ok,
          () => false,
        );
        if (answers) return { owner };
      }
      if (Date.now() > deadline) throw new AppError('media_unavailable', undefined, 'the meeting is held by an instance that does not answer');
      await sleep(250);
    }
  }

  /** The meeting's live state here: already owned, or taken now; null when another instance holds the lease. */
  private meetingFor(meeting: MeetingRow): Promise<LiveMeeting | null> {
    const owned = this.owned.get(meeting.id);
    if (owned) return Promise.resolve(owned);
    let opening = this.opening.get(meeting.id);
    if (!opening) {
      opening = this.take(meeting).finally(() => this.opening.delete(meeting.id));
      this.opening.set(meeting.id, opening);
    }
    return opening;
  }

  private async take(meeting: MeetingRow): Promise<LiveMeeting | null> {
    const lease = await this.repo.acquire(meeting.id, this.instanceId, this.leaseMs, {});
    if (!lease) return null;
    const lm = new LiveMeeting(meeting, {
      repo: this.repo,
      media: this.media,
      logger: this.logger,
      instanceId: this.instanceId,
      fencing: lease.fencing,
      recDir: this.options.recordingsDir ? `${this.options.recordingsDir}/${meeting.id}` : undefined,
      coalesceMs: this.options.coalesceMs ?? DEFAULT_COALESCE_MS,
      onLeaseLost: (lost) => this.leaseLost(lost),
      bus: this.bus,
      metrics: this.options.metrics,
      observer: this.options.observer,
    });
    if (lease.state && Object.keys(lease.state).length) await takeOver(this.deps, this.repo, this.users, lm, lease);
    lm.changed();
    this.owned.set(meeting.id, lm);
    lm.observe((o) => o.opened(lm));
    // Connections held here that spoke through the previous owner speak to this instance now.
    for (const conn of this.connections.values()) {
      if (conn.meetingId !== meeting.id || !conn.ownerInstance) continue;
      conn.ownerInstance = null;
      const p = conn.participantId ? lm.state.participants.get(conn.participantId) : undefined;
      if (p && !p.left && p.sessionId === conn.signedIn.sessionId) await resume(this.deps, lm, p, conn);
      else conn.close(1012);
    }
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

  /** Another instance owns the meeting now: this one lets go (its connections come back to the owner). */
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
    clearInterval(this.watchTimer);
    for (const lm of this.owned.values()) {
      await lm.flushNow().catch(() => undefined);
      lm.dispose();
      for (const p of lm.state.participants.values()) p.link?.close(1012);
      for (const entry of lm.state.lobby.values()) entry.link.close(1012);
      if (lm.state.recording) recordingStopped(this.deps, lm);
      await this.repo.release(lm.id, this.instanceId, lm.fencing).catch(() => undefined);
    }
    this.owned.clear();
    for (const conn of this.connections.values()) conn.close(1012);
  }

  /** For tests and diagnostics: the live state of a meeting owned here. */
  liveMeeting(meetingId: string): LiveMeeting | undefined {
    return this.owned.get(meetingId);
  }
}
