/**
 * One meeting in progress on the instance that owns it: its state (`MeetingState`), its Janus room
 * (`MeetingMedia`), and how changes leave the process. Commands change the state and mark what changed; a flush,
 * at most every `coalesceMs` (the first change of a quiet moment goes at once), then
 *   1. takes the changes and builds the frames for each audience (`fanout.ts`), each serialised once;
 *   2. writes the meeting's state, the participants that changed and the meeting-log rows in one transaction,
 *      carrying the lease's fencing token (`LiveRepository.write`);
 *   3. sends the frames to the participants who were there when the changes were taken.
 * So 1,000 joins within a second make a few dozen frames per participant, not 1,000; what a client saw is in the
 * database; and a participant who enters meanwhile gets a snapshot that already holds those changes.
 */
import type { MetricsSink } from '../metrics/metrics';
import type { Logger } from 'pino';
import type { HealthView, ServerMessage } from '../../shared/protocol';
import { AppError } from '../errors';
import type { MeetingEventType, MeetingRow } from '../meetings/meeting.repository';
import type { MediaService } from '../media/media.service';
import { serialise } from './client-link';
import { framesFor, type Outgoing } from './fanout';
import type { LiveBus } from './bus';
import type { LiveObserver } from './live-observer';
import { LeaseLost, type LiveRepository, type LogRow } from './live.repository';
import { RemoteLink } from './remote-link';
import { MeetingMedia } from './meeting-media';
import { MeetingState } from './meeting-state';
import type { Participant } from './participant';

/** Health lines are sent to the technicians at most this often (each client reports every 5 s). */
export const HEALTH_BROADCAST_MS = 2_000;
/** The longest a change awaiting Janus holds back the meeting's frames. */
const MAX_HOLD_MS = 2_000;

export interface LiveMeetingOptions {
  repo: LiveRepository;
  media: MediaService;
  logger: Logger;
  /** The instance that owns the meeting (kept with the Janus room it opens). */
  instanceId: string;
  /** The lease's fencing token. */
  fencing: number;
  /** Where Janus writes this meeting's recordings. */
  recDir?: string;
  /** Frames of changes in a burst go out at most this often. */
  coalesceMs: number;
  /** A write was refused: another instance owns the meeting now. */
  onLeaseLost(lm: LiveMeeting): void;
  /** Other instances, for connections they hold (main and backup); none for a single instance. */
  bus?: LiveBus;
  /** Where the time from a change to its delivery is reported (Prometheus). */
  metrics?: MetricsSink;
  /** The operator's console (R3.10): told what changed at each flush and each incident reported. */
  observer?: LiveObserver;
}

export class LiveMeeting {
  readonly state: MeetingState;
  readonly media: MeetingMedia;
  fencing: number;
  /** The warning and the end of the current turn (R3.4). */
  floorTimers: NodeJS.Timeout[] = [];
  /** Lost connections waiting to be taken back, by participant id. */
  readonly resumeTimers = new Map<string, NodeJS.Timeout>();
  closed = false;
  private floorChanges: Promise<unknown> = Promise.resolve();
  /** The `you` each participant was last sent, to send it only when it changes. */
  readonly sentYou = new WeakMap<Participant, string>();
  private queued: Outgoing[] = [];
  private logRows: LogRow[] = [];
  private readonly dirty = new Set<Participant>();
  private readonly removed = new Set<string>();
  private stateDirty = false;
  private flushTimer?: NodeJS.Timeout;
  /** When the first change not yet flushed was marked. */
  private changedSince?: number;
  private flushImmediate?: NodeJS.Immediate;
  private flushing: Promise<void> | null = null;
  private rerun = false;
  private lastFlushAt = 0;
  private waiters: (() => void)[] = [];
  private readonly pendingHealth = new Map<string, HealthView>();
  private healthTimer?: NodeJS.Timeout;
  private writeFailing = false;
  private holds = 0;
  private holdSince = 0;

  constructor(
    meeting: MeetingRow,
    private readonly options: LiveMeetingOptions,
  ) {
    this.state = new MeetingState(meeting);
    this.fencing = options.fencing;
    this.media = new MeetingMedia(meeting.id, meeting.title, options.media, this, options.logger, options.recDir);
  }

  get meeting(): MeetingRow {
    return this.state.meeting;
  }

  get id(): string {
    return this.state.meeting.id;
  }

  get instanceId(): string {
    return this.options.instanceId;
  }

  // ------------------------------------------------------------------------------------------ marking changes

  /** `p`'s roster line changed (it is sent to everyone and kept). */
  touch(p: Participant): void {
    this.state.touch(p);
    this.dirty.add(p);
    this.schedule();
  }

  /** Something of `p` that only the server sees changed (its Janus handles): kept, not sent. */
  keep(p: Participant): void {
    this.dirty.add(p);
    this.schedule();
  }

  /** `p` is gone from the meeting: its row goes. */
  forget(p: Participant): void {
    this.dirty.delete(p);
    this.removed.add(p.id);
    this.schedule();
  }

  /** The meeting's shared state changed (floor, queue, lobby, settings): sent and kept at the next flush. */
  changed(): void {
    this.stateDirty = true;
    this.schedule();
  }

  /** A meeting-log row, written with the next flush (at the time of the event, not of the write). */
  log(type: MeetingEventType, userId: string | null, data: Record<string, unknown> = {}, at = new Date()): void {
    this.logRows.push({ meetingId: this.id, type, userId, data, at });
    this.schedule();
  }

  /** A meeting-log row by a participant: `participantId` is theirs unless `data` names another (the subject). */
  logBy(type: MeetingEventType, by: Participant, data: Record<string, unknown> = {}): void {
    this.log(type, by.user.id, { participantId: by.id, ...data });
  }

  /** A participant of this meeting, or `participant_not_found`. */
  target(participantId: string): Participant {
    const p = this.state.participants.get(participantId);
    if (!p) throw new AppError('participant_not_found');
    return p;
  }

  /** A frame for everyone or for some, sent with the next flush after what changed before it. */
  send(to: 'all' | readonly Participant[], message: ServerMessage): void {
    this.queued.push({ to, frame: serialise(message) });
    this.schedule();
  }

  /** A frame for one participant at once (answers to their own requests: media negotiation, errors). */
  direct(p: Participant, message: ServerMessage): void {
    p.link?.send(serialise(message));
  }

  /** A client's statistics (R3.10): the technicians see them at most every HEALTH_BROADCAST_MS. */
  reportHealth(p: Participant, health: HealthView): void {
    this.pendingHealth.set(p.id, health);
    this.healthTimer ??= setTimeout(() => {
      this.healthTimer = undefined;
      for (const [id, line] of this.pendingHealth) if (this.state.participants.has(id)) this.state.setHealth(id, line);
      this.pendingHealth.clear();
      this.schedule();
    }, HEALTH_BROADCAST_MS);
  }

  /** Tell the observer, never letting it break the meeting. */
  observe(tell: (observer: LiveObserver) => void): void {
    const observer = this.options.observer;
    if (!observer) return;
    try {
      tell(observer);
    } catch (err) {
      this.options.logger.error({ err, meetingId: this.id }, 'the live meetings’ observer failed');
    }
  }

  /** Resolves once everything marked so far is written and sent. */
  flushed(): Promise<void> {
    if (!this.flushing && !this.flushTimer && !this.flushImmediate) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  // ------------------------------------------------------------------------------------------ serial changes

  /**
   * Run a change of the floor after the previous one finished. A grant, revoke, mute or expiry awaits Janus
   * (`moderate`) between reading the floor and finishing; two controllers' commands interleaved there left two
   * speakers audible and a replaced turn's timers in place of the current one's.
   */
  serially<T>(change: () => Promise<T>): Promise<T> {
    const run = this.floorChanges.then(() => this.holding(change));
    this.floorChanges = run.catch(() => undefined);
    return run;
  }

  /**
   * Run a change that awaits Janus between changing the state and logging it, without a flush in between: what a
   * client is sent goes out with its meeting-log row. A change that hangs holds the frames at most MAX_HOLD_MS.
   */
  private async holding<T>(change: () => Promise<T>): Promise<T> {
    this.holds += 1;
    this.holdSince = Date.now();
    try {
      return await change();
    } finally {
      this.holds -= 1;
      if (this.holds === 0) this.schedule();
    }
  }

  clearFloorTimers(): void {
    this.floorTimers.forEach(clearTimeout);
    this.floorTimers = [];
  }

  // ------------------------------------------------------------------------------------------ the flush

  private schedule(): void {
    this.changedSince ??= performance.now();
    if (this.closed || this.flushTimer || this.flushImmediate) return;
    const since = Date.now() - this.lastFlushAt;
    if (since >= this.options.coalesceMs) this.flushImmediate = setImmediate(() => this.run());
    else this.flushTimer = setTimeout(() => this.run(), this.options.coalesceMs - since);
  }

  private run(): void {
    this.flushTimer = undefined;
    this.flushImmediate = undefined;
    if (this.holds > 0 && Date.now() - this.holdSince < MAX_HOLD_MS) {
      this.flushTimer = setTimeout(() => this.run(), 5);
      return;
    }
    if (this.flushing) {
      this.rerun = true;
      return;
    }
    const waiters = this.waiters.splice(0);
    this.flushing = this.flush()
      .catch((err: Error) => this.options.logger.error({ err, meetingId: this.id }, 'flushing the meeting failed'))
      .finally(() => {
        this.flushing = null;
        waiters.forEach((w) => w());
        if (this.rerun) {
          this.rerun = false;
          this.schedule();
        } else if (this.waiters.length && !this.flushTimer && !this.flushImmediate) this.waiters.splice(0).forEach((w) => w());
      });
  }

  private async flush(): Promise<void> {
    const changedSince = this.changedSince;
    this.changedSince = undefined;
    const changes = this.state.takeChanges();
    if (!changes.empty) this.observe((o) => o.changed(this, changes));
    const queued = this.queued.splice(0);
    const rows = this.logRows.splice(0);
    for (const p of changes.participants) this.dirty.add(p);
    const stateChanged = this.stateDirty || !changes.empty;
    if (!stateChanged && !queued.length && !rows.length && !this.dirty.size && !this.removed.size) return;
    if (!changes.empty) this.state.seq += 1;
    const outgoing = changes.empty ? [] : framesFor(this.state, changes, this.state.seq, this.sentYou);
    // Those present now get these frames; whoever enters after this point got a snapshot that holds the changes.
    const everyone = [...this.state.participants.values()].filter((p) => p.link);
    const upsert = [...this.dirty].filter((p) => !p.left && this.state.participants.has(p.id));
    const remove = [...this.removed];
    this.dirty.clear();
    this.removed.clear();
    this.stateDirty = false;
    this.lastFlushAt = Date.now();
    try {
      await this.options.repo.write({
        meetingId: this.id,
        fencing: this.fencing,
        state: this.state.record(),
        media: this.media.record(),
        upsert: upsert.map((p) => ({ id: p.id, userId: p.user.id, sessionId: p.sessionId, record: p.record() })),
        remove,
        log: rows,
      });
      if (this.writeFailing) this.options.logger.info({ meetingId: this.id }, 'the meeting is written to the database again');
      this.writeFailing = false;
    } catch (err) {
      if (err instanceof LeaseLost) {
        this.options.onLeaseLost(this);
        return;
      }
      // The database is away: the meeting goes on in memory and is written whole at the next flush.
      if (!this.writeFailing) this.options.logger.error({ err: (err as Error).message, meetingId: this.id }, 'the meeting could not be written; retrying');
      this.writeFailing = true;
      this.logRows.unshift(...rows);
      upsert.forEach((p) => this.dirty.add(p));
      remove.forEach((id) => this.removed.add(id));
      this.stateDirty = true;
      setTimeout(() => this.schedule(), 1000).unref();
    }
    for (const o of [...outgoing, ...queued]) this.deliver(o, everyone);
    if (changedSince !== undefined && (outgoing.length || queued.length)) this.options.metrics?.eventDelivered((performance.now() - changedSince) / 1000);
  }

  private deliver(o: Outgoing, everyone: readonly Participant[]): void {
    const recipients = o.to === 'all' ? everyone : o.to;
    const bytes = recipients.length > 1 ? Buffer.from(o.frame) : o.frame; // encoded once for all
    let remote: RemoteLink[] | null = null;
    for (const p of recipients) {
      if (p.left || !p.link) continue;
      if (p.link instanceof RemoteLink) (remote ??= []).push(p.link);
      else p.link.send(bytes, o.skippable);
    }
    // Connections held by other instances: one bus message per instance, whatever their number.
    if (remote && this.options.bus) RemoteLink.deliverAll(this.options.bus, remote, o.frame, o.skippable ?? false);
  }

  // ------------------------------------------------------------------------------------------ end

  /** Stop timers and flushes (the meeting ended, or its lease went to another instance). */
  dispose(): void {
    if (!this.closed) this.observe((o) => o.closed(this));
    this.closed = true;
    this.clearFloorTimers();
    this.resumeTimers.forEach(clearTimeout);
    this.resumeTimers.clear();
    clearTimeout(this.flushTimer);
    if (this.flushImmediate) clearImmediate(this.flushImmediate);
    clearTimeout(this.healthTimer);
    this.waiters.splice(0).forEach((w) => w());
  }

  /** Write and send what is pending, now (before the meeting ends, or at shutdown). */
  async flushNow(): Promise<void> {
    clearTimeout(this.flushTimer);
    if (this.flushImmediate) clearImmediate(this.flushImmediate);
    this.flushTimer = undefined;
    this.flushImmediate = undefined;
    while (this.flushing) await this.flushing;
    await this.flush();
  }
}
