/**
 * Messages between GiaoBan instances (main and backup, R7.2) over NATS. A meeting's live state has one owner; the
 * instance that holds a browser's WebSocket forwards its frames to the owner (`join`, `resume`, `command`,
 * `disconnected`, `snapshot`), and the owner sends back the frames for that browser (`deliver`, `close`) — one
 * message per instance for a frame that goes to many, never one per socket. Revoked sessions are announced to all.
 * Every message is parsed with zod where it arrives, like every other boundary; a single instance has no bus.
 *
 * Subjects: `<prefix>.instance.<instanceId>` for one instance, `<prefix>.all` for every instance.
 */
import { connect, type NatsConnection, type Subscription } from 'nats';
import type { Logger } from 'pino';
import { z } from 'zod';
import { clientMessage, meetingRole } from '../../shared/protocol';

export const connRef = z.object({
  id: z.string().uuid(),
  instanceId: z.string().max(40),
  userId: z.string().uuid(),
  sessionId: z.string().uuid(),
  ip: z.string().max(64),
});
export type ConnRef = z.infer<typeof connRef>;

const endpointRef = z.object({ id: z.string(), name: z.string(), unitName: z.string() }).nullable();

/** What the entry check decided for a join, made by the instance holding the connection. */
export const entryRef = z.object({
  role: meetingRole.nullable(),
  lobbyReason: z.enum(['not_invited', 'technical_staff', 'removed', 'locked']).nullable(),
  endpoint: endpointRef,
});
export type EntryRef = z.infer<typeof entryRef>;

export const busMessage = z.discriminatedUnion('kind', [
  // to a meeting's owner
  z.object({ kind: z.literal('join'), meetingId: z.string().uuid(), conn: connRef, entry: entryRef }),
  z.object({ kind: z.literal('resume'), meetingId: z.string().uuid(), conn: connRef, token: z.string().max(128) }),
  z.object({ kind: z.literal('command'), meetingId: z.string().uuid(), connId: z.string().uuid(), message: clientMessage }),
  z.object({ kind: z.literal('disconnected'), meetingId: z.string().uuid(), connId: z.string().uuid(), code: z.number().int().nullable() }),
  z.object({ kind: z.literal('snapshot'), meetingId: z.string().uuid(), connId: z.string().uuid() }),
  /** The connection speaks for this participant of the meeting (its instance took the meeting over from another). */
  z.object({ kind: z.literal('relink'), meetingId: z.string().uuid(), conn: connRef, participantId: z.string().uuid() }),
  /** Is the instance there (and, with a meeting, does it own it)? */
  z.object({ kind: z.literal('ping'), meetingId: z.string().uuid().optional() }),
  // to the instance holding connections
  z.object({ kind: z.literal('deliver'), conns: z.array(z.string().uuid()), frame: z.string(), skippable: z.boolean() }),
  z.object({ kind: z.literal('close'), conns: z.array(z.string().uuid()), code: z.number().int() }),
  /** The connection speaks for this participant now (the instance relinks it itself if it takes the meeting over). */
  z.object({ kind: z.literal('attached'), connId: z.string().uuid(), meetingId: z.string().uuid(), participantId: z.string().uuid() }),
  // to every instance
  z.object({ kind: z.literal('close_sessions'), sessionIds: z.array(z.string().uuid()) }),
  z.object({ kind: z.literal('close_user'), userId: z.string().uuid() }),
  /** A meeting's minutes or votes changed: each instance tells the meeting's connections it holds. */
  z.object({ kind: z.literal('records_changed'), meetingId: z.string().uuid(), what: z.enum(['minutes', 'votes']) }),
]);
export type BusMessage = z.infer<typeof busMessage>;

/** Answers to requests (join, resume, ping). */
export const busReply = z.object({ ok: z.boolean(), error: z.string().optional() });
export type BusReply = z.infer<typeof busReply>;

export type BusHandler = (message: BusMessage) => Promise<BusReply | void> | BusReply | void;

export interface LiveBus {
  /** Send to one instance; no answer expected. */
  publish(instanceId: string, message: BusMessage): void;
  /** Send to one instance and wait for its answer; rejects when nobody answers within `timeoutMs`. */
  request(instanceId: string, message: BusMessage, timeoutMs: number): Promise<BusReply>;
  /** Send to every instance (this one included). */
  broadcast(message: BusMessage): void;
  close(): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class NatsBus implements LiveBus {
  private readonly subscriptions: Subscription[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  static async connect(url: string, prefix: string, instanceId: string, handler: BusHandler, logger: Logger): Promise<NatsBus> {
    const nc = await connect({ servers: url, name: `giaoban-${instanceId}`, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
    const bus = new NatsBus(nc, prefix, logger);
    bus.listen(`${prefix}.instance.${instanceId}`, handler);
    bus.listen(`${prefix}.all`, handler);
    logger.info({ url, instanceId }, 'connected to the message bus');
    return bus;
  }

  private listen(subject: string, handler: BusHandler): void {
    const sub = this.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) return this.logger.warn({ err: err.message }, 'bus subscription error');
        let parsed;
        try {
          parsed = busMessage.safeParse(JSON.parse(decoder.decode(msg.data)));
        } catch {
          parsed = undefined;
        }
        if (!parsed?.success) {
          this.logger.warn({ subject }, 'ignored a malformed bus message');
          if (msg.reply) msg.respond(encoder.encode(JSON.stringify({ ok: false, error: 'message_malformed' })));
          return;
        }
        void Promise.resolve(handler(parsed.data)).then(
          (reply) => msg.reply && msg.respond(encoder.encode(JSON.stringify(reply ?? { ok: true }))),
          (error: Error & { id?: string }) => msg.reply && msg.respond(encoder.encode(JSON.stringify({ ok: false, error: error.id ?? 'internal_error' }))),
        );
      },
    });
    this.subscriptions.push(sub);
  }

  publish(instanceId: string, message: BusMessage): void {
    this.nc.publish(`${this.prefix}.instance.${instanceId}`, encoder.encode(JSON.stringify(message)));
  }

  async request(instanceId: string, message: BusMessage, timeoutMs: number): Promise<BusReply> {
    const reply = await this.nc.request(`${this.prefix}.instance.${instanceId}`, encoder.encode(JSON.stringify(message)), { timeout: timeoutMs });
    return busReply.parse(JSON.parse(decoder.decode(reply.data)));
  }

  broadcast(message: BusMessage): void {
    this.nc.publish(`${this.prefix}.all`, encoder.encode(JSON.stringify(message)));
  }

  async close(): Promise<void> {
    for (const sub of this.subscriptions) sub.unsubscribe();
    await this.nc.drain().catch(() => undefined);
  }
}
