/**
 * The operator's console (R3.10, M9.2): watches the meetings this instance runs (a `LiveObserver`, told what
 * changed at each of their flushes), today's meetings and the open incidents from the database, and pushes what
 * changed to the operators watching — at most one frame per `pushIntervalMs`, coalesced, serialised once for all.
 *
 * Two instances (main and backup, R7.2): each instance's console shows, live, the meetings it runs, and the others
 * under way as the database has them (who runs them, how many participants), refreshed every `refreshMs`; the
 * health of their endpoints is seen on the console of the instance that runs them.
 */
import type { Logger } from 'pino';
import type { ConsoleAlarmView } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import { AppError } from '../errors';
import type { LiveMeeting } from '../live/live-meeting';
import type { LiveObserver } from '../live/live-observer';
import type { ChangeSet } from '../live/meeting-state';
import type { Actor } from '../organisation/organisation.policy';
import { ConsoleState, DEFAULT_LIMITS, type ConsoleLimits } from './console-state';
import { consolePolicy } from './console.policy';
import type { ConsoleRepository } from './console.repository';
import type { OpenIncidents } from './incidents';

/** An operator's connection: frames go through `send`; one that falls behind is sent a snapshot when it catches up. */
export interface ConsoleSubscriber {
  send(frame: string): void;
  /** Bytes queued and not yet written to the socket. */
  readonly bufferedAmount: number;
}

export interface ConsoleOptions {
  instanceId: string;
  pushIntervalMs?: number;
  refreshMs?: number;
  limits?: Partial<ConsoleLimits>;
  /** Where the open incidents come from: the incident register (RegisterIncidents). */
  incidents: OpenIncidents;
  now?: () => Date;
}

export const DEFAULT_PUSH_INTERVAL_MS = 1_000;
export const DEFAULT_REFRESH_MS = 10_000;
/** A subscriber with more than this queued gets no deltas, and a snapshot once it has caught up. */
const BEHIND_BYTES = 1024 * 1024;

export class ConsoleService implements LiveObserver {
  readonly state: ConsoleState;
  private readonly subscribers = new Map<ConsoleSubscriber, { behind: boolean }>();
  private readonly pushIntervalMs: number;
  private readonly refreshMs: number;
  private readonly incidents: OpenIncidents;
  /** The meetings' own incident reports, when no other source is given. */
  private pushTimer?: NodeJS.Timeout;
  private lastPushAt = 0;
  private refreshTimer?: NodeJS.Timeout;
  private refreshSoonTimer?: NodeJS.Timeout;
  private refreshing: Promise<void> | null = null;
  private stopped = false;
  /** Figures for the benchmark and the logs: pushes made and bytes sent per subscriber. */
  readonly figures = { pushes: 0, bytes: 0 };

  constructor(
    private readonly repo: ConsoleRepository,
    private readonly audit: AuditService,
    private readonly logger: Logger,
    options: ConsoleOptions,
  ) {
    this.state = new ConsoleState(options.instanceId, { ...DEFAULT_LIMITS, ...options.limits }, options.now);
    this.pushIntervalMs = options.pushIntervalMs ?? DEFAULT_PUSH_INTERVAL_MS;
    this.refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
    this.incidents = options.incidents;
    this.incidents.onRaised((incident) => {
      this.state.incident(incident);
      this.schedulePush();
    });
  }

  // ------------------------------------------------------------------------------------------ the live meetings (LiveObserver)

  opened(lm: LiveMeeting): void {
    const m = lm.meeting;
    this.state.liveOpened({ id: m.id, title: m.title, status: 'open', startsAt: m.startsAt, endsAt: m.endsAt, hostUnit: '', invitedEndpoints: 0 });
    for (const p of lm.state.participants.values()) this.state.participant(m.id, p.view(), lm.state.health.get(p.id) ?? null);
    this.schedulePush();
    this.refreshSoon();
  }

  changed(lm: LiveMeeting, changes: ChangeSet): void {
    if (!changes.participants.size && !changes.left.size && !changes.health.size) return;
    const { state } = lm;
    for (const p of changes.participants) this.state.participant(lm.id, p.view(), state.health.get(p.id) ?? null);
    for (const id of changes.health) if (state.participants.has(id)) this.state.health(lm.id, id, state.health.get(id) ?? null);
    // A presence that ends while its `dropped` line stays: its connection was lost and it did not come back.
    for (const id of changes.left) this.state.left(lm.id, id, state.health.get(id)?.state === 'dropped');
    this.schedulePush();
  }

  closed(lm: LiveMeeting): void {
    this.state.liveClosed(lm.id);
    this.schedulePush();
    this.refreshSoon();
  }

  // ------------------------------------------------------------------------------------------ operators

  /** An operator opens the console: the whole view at once, then what changes. */
  async subscribe(actor: Actor, subscriber: ConsoleSubscriber): Promise<void> {
    if (!consolePolicy.watch(actor)) throw new AppError('console_operator_only');
    if (this.subscribers.size === 0) await this.refresh();
    // Changes not yet pushed go to those already watching first; the snapshot holds them.
    this.pushNow();
    this.subscribers.set(subscriber, { behind: false });
    subscriber.send(this.state.snapshotFrame());
    this.refreshTimer ??= setInterval(() => void this.refresh(), this.refreshMs);
  }

  unsubscribe(subscriber: ConsoleSubscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) {
      clearInterval(this.refreshTimer);
      this.refreshTimer = undefined;
    }
  }

  get watching(): number {
    return this.subscribers.size;
  }

  /** An operator acknowledges an alarm, for every operator (audited). */
  async acknowledge(actor: Actor, alarmId: string, ip?: string): Promise<ConsoleAlarmView> {
    if (!consolePolicy.watch(actor)) throw new AppError('console_operator_only');
    const before = this.state.alarm(alarmId);
    if (!before) throw new AppError('console_alarm_not_found');
    const alarm = this.state.acknowledge(alarmId, actor.name)!;
    if (!before.acknowledgedAt) {
      await this.audit.record({ actorId: actor.id, action: 'console.alarm_acknowledged', targetType: 'meeting', targetId: alarm.meetingId, data: { alarmId, kind: alarm.kind, participantId: alarm.participantId, name: alarm.name }, ip });
      this.schedulePush();
    }
    return alarm;
  }

  // ------------------------------------------------------------------------------------------ pushing

  private schedulePush(): void {
    if (this.subscribers.size === 0) {
      this.state.discardChanges(); // the next subscriber gets a snapshot
      return;
    }
    if (this.pushTimer || this.stopped) return;
    const wait = Math.max(0, this.lastPushAt + this.pushIntervalMs - Date.now());
    this.pushTimer = setTimeout(() => this.pushNow(), wait);
  }

  private pushNow(): void {
    clearTimeout(this.pushTimer);
    this.pushTimer = undefined;
    if (this.subscribers.size === 0) return this.state.discardChanges();
    const frame = this.state.takeDelta();
    let snapshot: string | null = null;
    for (const [subscriber, s] of this.subscribers) {
      if (subscriber.bufferedAmount > BEHIND_BYTES) {
        s.behind = true;
        continue;
      }
      if (s.behind) {
        s.behind = false;
        subscriber.send((snapshot ??= this.state.snapshotFrame()));
      } else if (frame) {
        subscriber.send(frame);
        this.figures.bytes += frame.length;
      }
    }
    if (frame) {
      this.figures.pushes += 1;
      this.lastPushAt = Date.now();
    }
  }

  // ------------------------------------------------------------------------------------------ the database's view

  /** Today's meetings and the open incidents, read again (every `refreshMs` while someone watches). */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const [rows, incidents] = await Promise.all([this.repo.today(new Date()), this.incidents.open()]);
        this.state.refresh(rows);
        const open = new Set(incidents.map((i) => i.id));
        // One reported a moment ago may not be in the meeting log yet (written with the meeting's next flush).
        const recent = Date.now() - 10_000;
        for (const id of this.state.incidentIds()) if (!open.has(id) && !((this.state.incidentAt(id) ?? 0) > recent)) this.state.incidentClosed(id);
        incidents.forEach((i) => this.state.incident(i));
        this.schedulePush();
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'refreshing the console from the database failed');
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** A meeting started or ended here: the list is read again shortly (once for a burst). */
  private refreshSoon(): void {
    if (this.subscribers.size === 0 || this.refreshSoonTimer || this.stopped) return;
    this.refreshSoonTimer = setTimeout(() => {
      this.refreshSoonTimer = undefined;
      void this.refresh();
    }, 200);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.pushTimer);
    clearTimeout(this.refreshSoonTimer);
    clearInterval(this.refreshTimer);
    this.subscribers.clear();
  }
}
