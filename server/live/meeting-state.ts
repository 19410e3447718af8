/**
 * The state of one meeting in progress, as data: participants (with indexes by account, by resume token and by
 * right), the lobby, the floor, the chair's settings, connection health — and the views each role may see. No I/O:
 * LiveMeeting applies commands to it and sends what changed (`ChangeSet`) through `fanout.ts`.
 *
 * Nothing here scans all participants per event: lookups go through the indexes, and the sets of those who control
 * the floor, admit from the lobby or watch health are kept as participants come and go.
 */
import { randomUUID } from 'node:crypto';
import type { HealthView, LayoutMode, LobbyEntryView, MeetingRole, MeetingSettingsView, MeetingStateView, SpeakingRequestView } from '../../shared/protocol';
import type { SignedIn } from '../auth/auth.service';
import type { MeetingRow } from '../meetings/meeting.repository';
import type { ClientLink } from './client-link';
import { Floor, warnAt, type FloorGrant, type SpeakingRequest } from './floor';
import { permissionsOf, TECHNICIAN_ROLES, type May } from './meeting-roles';
import type { EndpointRef, Participant } from './participant';

/** Someone waiting in the lobby for the chair's decision (R3.1). */
export interface LobbyEntry {
  id: string;
  link: ClientLink;
  signedIn: SignedIn;
  /** The client's address (restricted meetings, M5.4). */
  ip: string;
  reason: LobbyEntryView['reason'];
  since: Date;
  /** The role they get if admitted as a participant (not as an observer). */
  role: MeetingRole;
  endpoint: EndpointRef | null;
}

/** What changed since the last frames went out; `fanout.ts` turns it into events for each audience. */
export class ChangeSet {
  /** Participants whose roster line changed or who entered. */
  readonly participants = new Set<Participant>();
  /** Participants who left (by id). */
  readonly left = new Set<string>();
  /** Participants whose own requests in the queue changed (those who do not see the whole queue get theirs). */
  readonly queueOwners = new Set<string>();
  /** Participants whose rights (`you`) may have changed. */
  readonly you = new Set<Participant>();
  /** Health lines changed or removed, by participant id. */
  readonly health = new Set<string>();
  floor = false;
  queue = false;
  lobby = false;
  /** Lock, layout, recording, presentation, presenters or document may have changed (compared before sending). */
  settings = false;

  get empty(): boolean {
    return (
      this.participants.size === 0 &&
      this.left.size === 0 &&
      this.queueOwners.size === 0 &&
      this.you.size === 0 &&
      this.health.size === 0 &&
      !this.floor &&
      !this.queue &&
      !this.lobby &&
      !this.settings
    );
  }
}

/** The meeting's shared settings and floor as they survive a restart (kept in `live_meetings.state`). */
export interface MeetingStateRecord {
  seq: number;
  floor: { queue: SpeakingRequest[]; grant: FloorGrant | null };
  locked: boolean;
  layout: { mode: LayoutMode; pinned: string | null };
  recording: boolean;
  presenters: string[];
  document: MeetingState['document'];
  removedUserIds: string[];
  feedLabels: [string, { userId: string; label: string }][];
}

export class MeetingState {
  readonly participants = new Map<string, Participant>();
  readonly byUser = new Map<string, Participant>();
  readonly byResume = new Map<string, Participant>();
  /** Who speaks through each connection (by link id): a participant, or someone waiting in the lobby. */
  readonly byLink = new Map<string, Participant>();
  readonly lobbyByLink = new Map<string, LobbyEntry>();
  readonly lobby = new Map<string, LobbyEntry>();
  readonly floor: Floor;
  /** People sent out: they come back only through the lobby (R3.2). */
  readonly removedUserIds = new Set<string>();
  /** Participants the chair allowed to present besides the floor holder (R3.11). */
  readonly presenters = new Set<string>();
  /** Connection health by participant id, incl. `dropped` lines for connections lost (R3.10). */
  readonly health = new Map<string, HealthView>();
  /** The `dropped` health line left by each account whose presence ended with a lost connection. */
  private readonly droppedByUser = new Map<string, string>();
  /** Everyone who ever published, by Janus feed id: recordings are labelled with it. */
  readonly feedLabels = new Map<string, { userId: string; label: string }>();
  /** Those who see the whole queue, those who admit, those who watch health: kept as participants come and go. */
  readonly controllers = new Set<Participant>();
  readonly admitters = new Set<Participant>();
  readonly healthWatchers = new Set<Participant>();
  /** Participants sharing a screen (it takes the main frame). */
  readonly screenSharers = new Set<string>();
  /** A meeting document shown to everyone at the page its presenter turned to (R3.11). */
  document: { participantId: string; documentId: string; name: string; page: number } | null = null;
  locked = false;
  recording = false;
  layout: { mode: LayoutMode; pinned: string | null } = { mode: 'main', pinned: null };
  /** Sequence number of the last frames sent. */
  seq = 0;
  changes = new ChangeSet();
  /** The settings last sent to everyone, to send them only when they differ. */
  private sentSettings = '';

  constructor(
    readonly meeting: MeetingRow,
    now: () => number = Date.now,
  ) {
    this.floor = new Floor(now);
  }

  // ------------------------------------------------------------------------------------------ participants

  add(p: Participant): void {
    this.participants.set(p.id, p);
    if (p.link) this.byLink.set(p.link.id, p);
    this.byUser.set(p.user.id, p);
    this.byResume.set(p.resumeHash, p);
    const may = permissionsOf(p.role);
    if (may.controlFloor) this.controllers.add(p);
    if (may.admit) this.admitters.add(p);
    if (may.controlFloor || may.technicianChat) this.healthWatchers.add(p);
    this.changes.participants.add(p);
    this.changes.settings = true; // the chair's arrival can change the main frame
    const dropped = this.droppedByUser.get(p.user.id);
    if (dropped) {
      this.droppedByUser.delete(p.user.id);
      this.setHealth(dropped, null);
    }
  }

  delete(p: Participant): void {
    this.participants.delete(p.id);
    if (p.link && this.byLink.get(p.link.id) === p) this.byLink.delete(p.link.id);
    if (this.byUser.get(p.user.id) === p) this.byUser.delete(p.user.id);
    if (this.byResume.get(p.resumeHash) === p) this.byResume.delete(p.resumeHash);
    this.controllers.delete(p);
    this.admitters.delete(p);
    this.healthWatchers.delete(p);
    this.screenSharers.delete(p.id);
    this.changes.participants.delete(p);
    this.changes.you.delete(p);
    this.changes.left.add(p.id);
    if (this.presenters.delete(p.id)) this.changes.settings = true;
    if (this.document?.participantId === p.id) this.setDocument(null);
    if (this.layout.pinned === p.id) this.setLayout({ ...this.layout, pinned: null });
    // A lost connection stays flagged to the technicians until the same account comes back (R3.10).
    if (this.health.get(p.id)?.state === 'dropped') this.droppedByUser.set(p.user.id, p.id);
    else this.setHealth(p.id, null);
    this.changes.settings = true;
  }

  /** `p` speaks through another connection now, or through none while it is lost. */
  relink(p: Participant, link: ClientLink | null): void {
    if (p.link && this.byLink.get(p.link.id) === p) this.byLink.delete(p.link.id);
    p.link = link;
    if (link) this.byLink.set(link.id, p);
    this.touch(p);
  }

  /** A new resume token was given to `p`. */
  rehash(p: Participant, resumeHash: string): void {
    if (this.byResume.get(p.resumeHash) === p) this.byResume.delete(p.resumeHash);
    p.resumeHash = resumeHash;
    this.byResume.set(resumeHash, p);
  }

  /** Something in `p`'s roster line changed. */
  touch(p: Participant): void {
    p.invalidate();
    if (this.participants.has(p.id)) this.changes.participants.add(p);
  }

  participantOf(userId: string): Participant | undefined {
    return this.byUser.get(userId);
  }

  /** Who hears the technicians' back-channel and incident reports (D15.2d, D16.2d). */
  technicians(): Participant[] {
    return [...this.healthWatchers].filter((p) => TECHNICIAN_ROLES.includes(p.role) || p.role === 'chair');
  }

  // ------------------------------------------------------------------------------------------ lobby

  newLobbyEntry(fields: Omit<LobbyEntry, 'id' | 'since'>): LobbyEntry {
    const entry: LobbyEntry = { id: randomUUID(), since: new Date(), ...fields };
    this.lobby.set(entry.id, entry);
    this.lobbyByLink.set(entry.link.id, entry);
    this.changes.lobby = true;
    return entry;
  }

  removeLobbyEntry(entry: LobbyEntry): void {
    if (this.lobbyByLink.get(entry.link.id) === entry) this.lobbyByLink.delete(entry.link.id);
    if (this.lobby.delete(entry.id)) this.changes.lobby = true;
  }

  // ------------------------------------------------------------------------------------------ floor and settings

  /** The floor changed: its holder and the rights to present of the old and new holder. */
  floorChanged(holdersBefore: (string | null | undefined)[] = []): void {
    this.changes.floor = true;
    this.changes.settings = true; // the floor holder takes the main frame
    for (const id of holdersBefore) {
      const p = id ? this.participants.get(id) : undefined;
      if (p) this.changes.you.add(p);
    }
    const holder = this.floor.holder ? this.participants.get(this.floor.holder.participantId) : undefined;
    if (holder) this.changes.you.add(holder);
  }

  /** The queue changed for these requests: their owners see their own part of it. */
  queueChanged(...requests: SpeakingRequest[]): void {
    this.changes.queue = true;
    for (const r of requests) {
      this.changes.queueOwners.add(r.enteredBy);
      this.changes.queueOwners.add(r.participantId);
    }
  }

  setLayout(layout: { mode: LayoutMode; pinned: string | null }): void {
    this.layout = layout;
    this.changes.settings = true;
  }

  setDocument(document: MeetingState['document']): void {
    this.document = document;
    this.changes.settings = true;
  }

  setPresenter(p: Participant, allowed: boolean): void {
    if (allowed) this.presenters.add(p.id);
    else this.presenters.delete(p.id);
    this.changes.settings = true;
    this.changes.you.add(p);
  }

  setScreen(p: Participant, sharing: boolean): void {
    if (sharing) this.screenSharers.add(p.id);
    else this.screenSharers.delete(p.id);
    this.touch(p);
    this.changes.settings = true;
  }

  setLocked(locked: boolean): void {
    this.locked = locked;
    this.changes.settings = true;
  }

  setRecording(recording: boolean): void {
    this.recording = recording;
    this.changes.settings = true;
  }

  /** Set (or, with null, remove) a participant's health line. */
  setHealth(participantId: string, health: HealthView | null): void {
    if (health) this.health.set(participantId, health);
    else if (!this.health.delete(participantId)) return;
    this.changes.health.add(participantId);
  }

  // ------------------------------------------------------------------------------------------ views

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
    for (const id of this.screenSharers) if (this.participants.get(id)?.sharingScreen) return id;
    return null;
  }

  mayPresent(p: Participant): boolean {
    return p.role === 'chair' || this.presenters.has(p.id) || this.floor.holder?.participantId === p.id;
  }

  settings(): MeetingSettingsView {
    return {
      locked: this.locked,
      layout: { ...this.layout, main: this.mainFrame() },
      recording: this.recording,
      presentation: this.presentation(),
      presenters: [...this.presenters],
      document: this.document,
    };
  }

  /** The settings as JSON when they differ from those last sent, else null. */
  settingsIfChanged(): string | null {
    const json = JSON.stringify(this.settings());
    if (json === this.sentSettings) return null;
    this.sentSettings = json;
    return json;
  }

  floorView(): MeetingStateView['floor'] {
    const holder = this.floor.holder;
    if (!holder) return null;
    const iso = (ms: number) => new Date(ms).toISOString();
    return { grantId: holder.id, participantId: holder.participantId, speaker: holder.speaker, grantedAt: iso(holder.grantedAt), endsAt: iso(holder.endsAt), warnAt: iso(warnAt(holder)) };
  }

  /** The whole queue for those who control the floor; one's own requests for everyone else. */
  queueFor(p: Participant | null): SpeakingRequestView[] {
    const requests = p === null || this.controllers.has(p) ? this.floor.requests : this.floor.requests.filter((r) => r.enteredBy === p.id || r.participantId === p.id);
    return requests.map((r) => ({ id: r.id, participantId: r.participantId, speaker: r.speaker, topic: r.topic, requestedAt: new Date(r.requestedAt).toISOString() }));
  }

  lobbyView(): LobbyEntryView[] {
    return [...this.lobby.values()].map((e) => ({
      lobbyId: e.id,
      name: e.endpoint && e.role === 'endpoint' ? e.endpoint.name : e.signedIn.user.name,
      title: e.signedIn.user.title,
      unit: e.signedIn.user.unitName,
      reason: e.reason,
      since: e.since.toISOString(),
    }));
  }

  you(p: Participant): MeetingStateView['you'] {
    const may: May = permissionsOf(p.role);
    return { role: p.role, may: { ...may, present: this.mayPresent(p) } };
  }

  stateFor(p: Participant): MeetingStateView {
    return {
      floor: this.floorView(),
      queue: this.queueFor(p),
      ...this.settings(),
      lobby: this.admitters.has(p) ? this.lobbyView() : [],
      health: this.healthWatchers.has(p) ? [...this.health.values()] : [],
      you: this.you(p),
    };
  }

  /** The whole roster as JSON, from each participant's cached line. */
  rosterJson(): string {
    let out = '[';
    let first = true;
    for (const p of this.participants.values()) {
      out += first ? p.json() : `,${p.json()}`;
      first = false;
    }
    return `${out}]`;
  }

  /** Take the changes to send, starting a new set. */
  takeChanges(): ChangeSet {
    const changes = this.changes;
    this.changes = new ChangeSet();
    return changes;
  }

  // ------------------------------------------------------------------------------------------ persistence

  record(): MeetingStateRecord {
    return {
      seq: this.seq,
      floor: { queue: [...this.floor.requests], grant: this.floor.holder },
      locked: this.locked,
      layout: this.layout,
      recording: this.recording,
      presenters: [...this.presenters],
      document: this.document,
      removedUserIds: [...this.removedUserIds],
      feedLabels: [...this.feedLabels],
    };
  }

  /** Take up a state kept before a restart (participants are added separately). */
  restore(record: MeetingStateRecord): void {
    this.seq = record.seq;
    this.floor.restore(record.floor.queue, record.floor.grant);
    this.locked = record.locked;
    this.layout = record.layout;
    this.recording = record.recording;
    record.presenters.forEach((id) => this.presenters.add(id));
    this.document = record.document;
    record.removedUserIds.forEach((id) => this.removedUserIds.add(id));
    record.feedLabels.forEach(([feed, label]) => this.feedLabels.set(feed, label));
  }
}
