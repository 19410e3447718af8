/**
 * The in-memory state of one meeting in progress: participants, the lobby, the floor, the chair's settings
 * (lock, layout, recording, presenters), connection health, and the views each participant is sent.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { HealthView, LayoutMode, LobbyEntryView, MeetingRole, MeetingStateView, ServerMessage } from '../../shared/protocol';
import type { SignedIn } from '../auth/auth.service';
import type { MediaService } from '../media/media.service';
import type { MeetingRow } from '../meetings/meeting.repository';
import { Floor, warnAt } from './floor';
import { MeetingMedia } from './meeting-media';
import { permissionsOf, TECHNICIAN_ROLES } from './meeting-roles';
import type { Participant, ParticipantSocket } from './participant';

/** A browser connection, before and after it is in the meeting. */
export interface Connection {
  signedIn: SignedIn;
  socket: ParticipantSocket;
  /** The client's address: restricted meetings admit only their networks (M5.4), checked on every join. */
  ip?: string;
  participant?: Participant;
  waiting?: LobbyEntry;
}

export interface LobbyEntry {
  id: string;
  conn: Connection;
  reason: LobbyEntryView['reason'];
  since: Date;
  /** The role they get if admitted as a participant (not as an observer). */
  role: MeetingRole;
  endpoint: { id: string; name: string; unitName: string } | null;
}

export class LiveMeeting {
  readonly participants = new Map<string, Participant>();
  readonly lobby = new Map<string, LobbyEntry>();
  readonly floor = new Floor();
  readonly media: MeetingMedia;
  /** People sent out: they come back only through the lobby (R3.2). */
  readonly removedUserIds = new Set<string>();
  /** Participants the chair allowed to present besides the floor holder (R3.11). */
  readonly presenters = new Set<string>();
  /** Endpoints whose connection dropped without leaving, until they come back (R3.10). */
  readonly dropped = new Map<string, HealthView & { userId: string }>();
  /** Everyone who ever published, by Janus feed id: recordings are labelled with it. */
  readonly feedLabels = new Map<string, { userId: string; label: string }>();
  /** A meeting document shown to everyone at the page its presenter turned to (R3.11). */
  document: { participantId: string; documentId: string; name: string; page: number } | null = null;
  locked = false;
  layout: { mode: LayoutMode; pinned: string | null } = { mode: 'main', pinned: null };
  floorTimers: NodeJS.Timeout[] = [];
  private healthBroadcast?: NodeJS.Timeout;
  private floorChanges: Promise<unknown> = Promise.resolve();

  constructor(
    readonly meeting: MeetingRow,
    mediaService: MediaService,
    logger: Logger,
    recDir?: string,
  ) {
    this.media = new MeetingMedia(meeting.id, meeting.title, mediaService, () => this.participants.values(), logger, recDir);
  }

  broadcast(message: ServerMessage): void {
    for (const p of this.participants.values()) p.socket.send(message);
  }

  roster() {
    return [...this.participants.values()].map((p) => p.view(this.meeting.chairId));
  }

  sendRoster(): void {
    this.broadcast({ type: 'roster', roster: this.roster() });
  }

  /** Everyone gets the state as their role may see it. */
  sendState(): void {
    for (const p of this.participants.values()) p.socket.send({ type: 'meeting_state', state: this.stateFor(p) });
  }

  /** Connection health changes often: sent at most every 2 s. */
  sendStateSoon(): void {
    this.healthBroadcast ??= setTimeout(() => {
      this.healthBroadcast = undefined;
      this.sendState();
    }, 2000);
  }

  participantOf(userId: string): Participant | undefined {
    return [...this.participants.values()].find((p) => p.user.id === userId);
  }

  /**
   * The main frame: the pinned participant, else a shared screen or a shown document (its presenter's frame shows
   * it), else the floor holder, else the chair (R3.8, R3.11).
   */
  mainFrame(): string | null {
    if (this.layout.pinned && this.participants.has(this.layout.pinned)) return this.layout.pinned;
    const presenting = this.presentation() ?? this.document?.participantId;
    if (presenting) return presenting;
    if (this.floor.holder && this.participants.has(this.floor.holder.participantId)) return this.floor.holder.participantId;
    return this.participantOf(this.meeting.chairId)?.id ?? null;
  }

  presentation(): string | null {
    return [...this.participants.values()].find((p) => p.screen && !p.screen.detached)?.id ?? null;
  }

  mayPresent(p: Participant): boolean {
    return p.role === 'chair' || this.presenters.has(p.id) || this.floor.holder?.participantId === p.id;
  }

  stateFor(p: Participant): MeetingStateView {
    const may = permissionsOf(p.role);
    const seesQueue = may.controlFloor;
    const seesHealth = may.controlFloor || may.technicianChat;
    const holder = this.floor.holder;
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      floor: holder
        ? { grantId: holder.id, participantId: holder.participantId, speaker: holder.speaker, grantedAt: iso(holder.grantedAt), endsAt: iso(holder.endsAt), warnAt: iso(warnAt(holder)) }
        : null,
      queue: this.floor.requests
        .filter((r) => seesQueue || r.enteredBy === p.id || r.participantId === p.id)
        .map((r) => ({ id: r.id, participantId: r.participantId, speaker: r.speaker, topic: r.topic, requestedAt: iso(r.requestedAt) })),
      locked: this.locked,
      layout: { ...this.layout, main: this.mainFrame() },
      recording: this.media.isRecording,
      presentation: this.presentation(),
      presenters: [...this.presenters],
      document: this.document,
      lobby: may.admit
        ? [...this.lobby.values()].map((e) => ({
            lobbyId: e.id,
            name: e.endpoint && e.role === 'endpoint' ? e.endpoint.name : e.conn.signedIn.user.name,
            title: e.conn.signedIn.user.title,
            unit: e.conn.signedIn.user.unitName,
            reason: e.reason,
            since: e.since.toISOString(),
          }))
        : [],
      health: seesHealth
        ? [...[...this.participants.values()].flatMap((q) => (q.health ? [q.health] : [])), ...[...this.dropped.values()].map(({ userId: _u, ...h }) => h)]
        : [],
      you: { role: p.role, may: { ...may, present: this.mayPresent(p) } },
    };
  }

  /** Who hears the technicians' back-channel and incident reports (D15.2d, D16.2d). */
  technicians(): Participant[] {
    return [...this.participants.values()].filter((p) => TECHNICIAN_ROLES.includes(p.role) || p.role === 'chair');
  }

  newLobbyEntry(conn: Connection, reason: LobbyEntry['reason'], role: MeetingRole, endpoint: LobbyEntry['endpoint']): LobbyEntry {
    const entry = { id: randomUUID(), conn, reason, since: new Date(), role, endpoint };
    this.lobby.set(entry.id, entry);
    return entry;
  }

  /**
   * Run a change of the floor after the previous one finished. A grant, revoke, mute or expiry awaits Janus
   * (`moderate`) and the log between reading the floor and finishing; two controllers' commands interleaved there
   * left two speakers audible and a replaced turn's timers in place of the current one's.
   */
  serially<T>(change: () => Promise<T>): Promise<T> {
    const run = this.floorChanges.then(change);
    this.floorChanges = run.catch(() => undefined);
    return run;
  }

  clearFloorTimers(): void {
    this.floorTimers.forEach(clearTimeout);
    this.floorTimers = [];
  }

  dispose(): void {
    this.clearFloorTimers();
    clearTimeout(this.healthBroadcast);
  }
}
