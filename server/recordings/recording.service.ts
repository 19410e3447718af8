/**
 * Recordings (R3.6): when the chair stops recording or the meeting ends, Janus's raw files in the meeting's folder
 * become one `recordings` row per participant (a shared screen has its own), and a background queue converts
 * them one at a time (the machine has two cores; Janus needs the other): pending → converting → ready, or back
 * to pending to retry after a pause, and failed with the reason after the last attempt — logged at error level
 * and shown on the meeting's records page, never dropped. On start, rows a stopped server left behind are taken
 * up again, and raw files no row claims (the server stopped while recording) are collected.
 *
 * Who may list and play them: `canSeeRecords` (meeting.policy.ts). Every opening of a file is an audit entry
 * (`recording.opened`), the list the leak response reads (R6.4).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { RecordingView } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import { OpeningThrottle } from '../audit/opening-throttle';
import { AppError } from '../errors';
import { parseRange, type ByteRange } from '../http/range';
import type { RecordingSink } from '../live/live.service';
import type { MeetingService } from '../meetings/meeting.service';
import type { Actor } from '../organisation/organisation.policy';
import { parseJanusFileName, segmentsOf } from './janus-files';
import type { RecordingConverter } from './recording-converter';
import { presentRecording } from './recording.presenter';
import type { RecordingRepository, RecordingRow } from './recording.repository';

export interface RecordingServiceOptions {
  /** `DATA_DIR/recordings`: each meeting's Janus files in `<meetingId>/`, and the playable files beside them. */
  recordingsDir: string;
  /** Attempts before a conversion is marked failed. */
  maxAttempts?: number;
  /** Pause before the 2nd, 3rd… attempt. */
  retryDelaysMs?: number[];
  /** Wait after recording stops before reading the folder, so Janus has closed its files. */
  settleMs?: number;
}

/** A raw file Janus created but never wrote a packet into holds only its 8-byte magic. */
const EMPTY_MJR_BYTES = 8;

export interface OpenedRecording {
  file: string;
  size: number;
  range: ByteRange | null;
  label: string;
}

export class RecordingService implements RecordingSink {
  private readonly queue: string[] = [];
  private current?: { id: string; abort: AbortController; done: Promise<void> };
  private readonly intakes = new Set<Promise<unknown>>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly openings = new OpeningThrottle();
  private readonly collecting = new Map<string, Promise<RecordingRow[]>>();
  private stopped = false;
  private readonly maxAttempts: number;
  private readonly retryDelaysMs: number[];
  private readonly settleMs: number;
  readonly recordingsDir: string;

  constructor(
    private readonly repo: RecordingRepository,
    private readonly meetings: MeetingService,
    private readonly audit: AuditService,
    private readonly converter: RecordingConverter,
    private readonly logger: Logger,
    options: RecordingServiceOptions,
  ) {
    this.recordingsDir = path.resolve(options.recordingsDir);
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryDelaysMs = options.retryDelaysMs ?? [10_000, 60_000];
    this.settleMs = options.settleMs ?? 1_000;
  }

  // ------------------------------------------------------------------------------------------ intake

  /** RecordingSink: recording stopped or the meeting ended (called by the live meeting, must not throw). */
  recordingStopped(meetingId: string, recDir: string, feeds: Map<string, { userId: string; label: string }>): void {
    // Files Janus starts after this instant belong to the next recording (the chair started it again at once).
    const stoppedAtMs = Date.now();
    this.track(
      this.collect(meetingId, recDir, feeds, stoppedAtMs).catch((err: Error) =>
        this.logger.error({ err: err.message, meetingId }, 'recordings could not be collected; they will be on the next start'),
      ),
    );
  }

  /**
   * Rows for the raw files of `recDir` that no row has taken yet, one per publisher and stretch of recording;
   * queued for conversion. Media lines that never carried a packet are left out (a muted delegate's microphone).
   */
  async collect(meetingId: string, recDir: string, feeds: Map<string, { userId: string; label: string }> = new Map(), startedBeforeMs = Infinity): Promise<RecordingRow[]> {
    if (this.settleMs > 0) await new Promise((r) => setTimeout(r, this.settleMs));
    // One collection per meeting at a time: two must not both take the same unclaimed files.
    const before = this.collecting.get(meetingId) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(() => this.collectNow(meetingId, recDir, feeds, startedBeforeMs));
    this.collecting.set(meetingId, mine);
    void mine.catch(() => undefined).finally(() => this.collecting.get(meetingId) === mine && this.collecting.delete(meetingId));
    return mine;
  }

  private async collectNow(meetingId: string, recDir: string, feeds: Map<string, { userId: string; label: string }>, startedBeforeMs: number): Promise<RecordingRow[]> {
    if (!fs.existsSync(recDir)) {
      this.logger.info({ meetingId }, 'recording stopped; Janus wrote no file (nobody published)');
      return [];
    }
    const claimed = await this.repo.claimedSources(meetingId);
    const relative = (name: string) => path.relative(this.recordingsDir, path.join(recDir, name));
    const files = fs
      .readdirSync(recDir)
      .map(parseJanusFileName)
      .filter((f) => f !== null && !claimed.has(relative(f.name)) && f.startedUs / 1000 <= startedBeforeMs);
    const segments = segmentsOf(files as NonNullable<(typeof files)[number]>[])
      .map((s) => ({ ...s, files: s.files.filter((f) => fs.statSync(path.join(recDir, f.name)).size > EMPTY_MJR_BYTES) }))
      .filter((s) => s.files.length > 0);
    if (segments.length === 0) return [];
    const unknown = segments.some((s) => !feeds.has(s.feedId));
    const fromLog = unknown ? await this.repo.participantsOf(meetingId) : new Map<string, { userId: string; label: string }>();
    const labelOf = (feedId: string) => {
      const live = feeds.get(feedId);
      if (live) return live;
      const screen = feedId.endsWith(':screen');
      const logged = fromLog.get(screen ? feedId.slice(0, -':screen'.length) : feedId);
      return logged ? { userId: logged.userId, label: screen ? `${logged.label} (màn hình)` : logged.label } : { userId: null, label: feedId };
    };
    const rows = await this.repo.insertMany(
      segments.map((s) => ({ meetingId, ...labelOf(s.feedId), sources: s.files.map((f) => relative(f.name)) })),
    );
    this.logger.info({ meetingId, recordings: rows.length }, 'recordings queued for conversion');
    for (const row of rows) this.enqueue(row.id);
    return rows;
  }

  // ------------------------------------------------------------------------------------------ the queue

  /** On server start: rows left pending or half-converted are queued again, raw files no row took are collected. */
  async start(): Promise<void> {
    const unfinished = await this.repo.unfinished();
    for (const row of unfinished) {
      if (row.status === 'converting') await this.repo.update(row.id, { status: 'pending' });
      this.enqueue(row.id);
    }
    if (unfinished.length) this.logger.info({ recordings: unfinished.length }, 'resuming recording conversions');
    if (!fs.existsSync(this.recordingsDir)) return;
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    for (const entry of fs.readdirSync(this.recordingsDir, { withFileTypes: true })) {
      if (!entry.isDirectory() || !uuid.test(entry.name)) continue;
      this.track(
        this.collect(entry.name, path.join(this.recordingsDir, entry.name)).catch((err: Error) =>
          this.logger.error({ err: err.message, meetingId: entry.name }, 'leftover recordings could not be collected'),
        ),
      );
    }
  }

  /** Server shutdown: no new conversion starts; the one running is stopped and left to the next start. */
  async stop(): Promise<void> {
    this.stopped = true; // rows still being collected stay pending for the next start
    await Promise.allSettled([...this.intakes]);
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    this.queue.length = 0;
    const current = this.current;
    current?.abort.abort(new Error('server stopping'));
    await current?.done;
  }

  /** Resolves once nothing is queued, converting, waiting to retry or being collected (tests). */
  async idle(): Promise<void> {
    while (this.intakes.size || this.current || this.queue.length || this.retryTimers.size) {
      await Promise.allSettled([...this.intakes]);
      await this.current?.done;
      if (!this.current && !this.queue.length && this.retryTimers.size) await new Promise((r) => setTimeout(r, 20));
    }
  }

  private enqueue(id: string): void {
    if (this.stopped || this.queue.includes(id) || this.current?.id === id) return;
    this.queue.push(id);
    this.next();
  }

  private next(): void {
    if (this.current || this.stopped) return;
    const id = this.queue.shift();
    if (!id) return;
    const abort = new AbortController();
    const done = this.convert(id, abort.signal)
      .catch((err: Error) => this.logger.error({ err: err.message, recordingId: id }, 'recording conversion could not be recorded'))
      .finally(() => {
        this.current = undefined;
        this.next();
      });
    this.current = { id, abort, done };
  }

  private async convert(id: string, signal: AbortSignal): Promise<void> {
    const row = await this.repo.find(id);
    if (!row || row.status === 'ready' || row.status === 'failed') return;
    const attempt = row.attempts + 1;
    await this.repo.update(id, { status: 'converting', attempts: attempt });
    const output = path.join(this.recordingsDir, row.meetingId, `${row.id}.webm`);
    const log = { recordingId: id, meetingId: row.meetingId, label: row.label, attempt };
    try {
      const { durationMs } = await this.converter.convert(
        row.sources.map((s) => path.join(this.recordingsDir, s)),
        output,
        signal,
      );
      await this.repo.update(id, { status: 'ready', file: path.relative(this.recordingsDir, output), durationMs, error: null });
      this.logger.info({ ...log, durationMs }, 'recording converted');
    } catch (err) {
      if (signal.aborted) {
        // not the recording's fault: the next start tries again without counting this attempt
        await this.repo.update(id, { status: 'pending', attempts: row.attempts });
        return;
      }
      const reason = ((err as Error).message || String(err)).slice(0, 1000);
      if (attempt >= this.maxAttempts) {
        await this.repo.update(id, { status: 'failed', error: reason });
        this.logger.error({ ...log, err: reason }, 'recording conversion failed for good');
        return;
      }
      await this.repo.update(id, { status: 'pending', error: reason });
      const delay = this.retryDelaysMs[Math.min(attempt - 1, this.retryDelaysMs.length - 1)] ?? 0;
      this.logger.warn({ ...log, err: reason, retryInMs: delay }, 'recording conversion failed; will retry');
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        this.enqueue(id);
      }, delay);
      this.retryTimers.add(timer);
    }
  }

  private track(work: Promise<unknown>): void {
    this.intakes.add(work);
    void work.finally(() => this.intakes.delete(work));
  }

  // ------------------------------------------------------------------------------------------ reading

  async list(actor: Actor, meetingId: string): Promise<RecordingView[]> {
    await this.meetings.getForRecords(actor, meetingId);
    return (await this.repo.listByMeeting(meetingId)).map(presentRecording);
  }

  /**
   * A ready recording's file for someone who may see the meeting's records, with the byte range asked for.
   * An opening is recorded in the audit trail (when, see OpeningThrottle).
   */
  async open(actor: Actor, sessionId: string, recordingId: string, rangeHeader: string | undefined, ip: string): Promise<OpenedRecording | { unsatisfiable: number }> {
    const row = await this.repo.find(recordingId);
    if (!row) throw new AppError('recording_not_found');
    await this.meetings.getForRecords(actor, row.meetingId);
    if (row.status !== 'ready' || !row.file) throw new AppError('recording_not_ready');
    const file = path.resolve(this.recordingsDir, row.file);
    if (!file.startsWith(this.recordingsDir + path.sep) || !fs.existsSync(file)) {
      this.logger.error({ recordingId }, 'a ready recording has no file');
      throw new AppError('recording_not_found');
    }
    const { size } = fs.statSync(file);
    const range = parseRange(rangeHeader, size);
    if (range === 'unsatisfiable') return { unsatisfiable: size };
    if (this.openings.isOpening(`${sessionId}:${recordingId}`, !range || range.start === 0))
      await this.audit.record({ actorId: actor.id, action: 'recording.opened', targetType: 'meeting', targetId: row.meetingId, data: { recordingId, label: row.label }, ip });
    return { file, size, range, label: row.label };
  }
}
