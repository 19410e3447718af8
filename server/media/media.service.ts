/**
 * The server's single door to the media plane. Holds the Janus connection and a control handle, opens and closes
 * one VideoRoom per meeting, and reports availability: `unavailable` when the connection or session is lost
 * (every room and handle is then gone), `available` once a fresh session is up again.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { JanusClient, JanusHandle } from './janus-client';
import { VIDEOROOM, createRoom, destroyRoom, enableRecording, kick, moderate } from './videoroom';

export interface MediaRoom {
  room: string;
  secret: string;
}

export class MediaService extends EventEmitter {
  private controlHandle?: Promise<JanusHandle>;

  constructor(
    readonly client: JanusClient,
    private readonly adminKey: string,
    private readonly logger: Logger,
    private readonly maxPublishers = 100,
  ) {
    super();
    client.on('disconnected', () => {
      this.controlHandle = undefined;
      this.emit('unavailable');
    });
    client.on('connected', () => this.emit('available'));
  }

  get available(): boolean {
    return this.client.isConnected;
  }

  attach(): Promise<JanusHandle> {
    return this.client.attach(VIDEOROOM);
  }

  /** The session is the one of the server's previous run, claimed back: its rooms and handles may be taken over. */
  get reclaimed(): boolean {
    return this.client.reclaimed && this.available;
  }

  /** A VideoRoom handle of the reclaimed session, by the id the previous run kept. */
  adoptHandle(id: number): JanusHandle {
    return this.client.adoptHandle(id, VIDEOROOM);
  }

  /** Who is in a room (publishing or not), by feed id; the room must exist. */
  async listParticipants(room: string): Promise<{ id: string; publisher: boolean }[]> {
    const reply = await (await this.control()).request({ request: 'listparticipants', room });
    const list = Array.isArray(reply.data.participants) ? (reply.data.participants as { id?: unknown; publisher?: unknown }[]) : [];
    return list.map((p) => ({ id: String(p.id), publisher: p.publisher === true }));
  }

  /** Create a fresh VideoRoom for a meeting: a new id per opening, so a stale room on Janus never collides. */
  async openRoom(meetingId: string, description: string, recDir?: string): Promise<MediaRoom> {
    const room = `${meetingId}-${randomBytes(4).toString('hex')}`;
    const secret = randomBytes(24).toString('base64url');
    await createRoom(await this.control(), this.adminKey, { room, secret, description, publishers: this.maxPublishers, recDir });
    this.logger.info({ meetingId, room }, 'videoroom created');
    return { room, secret };
  }

  /** Destroying a room closes every PeerConnection in it. */
  async closeRoom(media: MediaRoom): Promise<void> {
    if (!this.available) return;
    await destroyRoom(await this.control(), media.room, media.secret);
    this.logger.info({ room: media.room }, 'videoroom destroyed');
  }

  async moderate(media: MediaRoom, feedId: string, mid: string, mute: boolean): Promise<void> {
    await moderate(await this.control(), media.room, media.secret, feedId, mid, mute);
  }

  async setRecording(media: MediaRoom, record: boolean): Promise<void> {
    await enableRecording(await this.control(), media.room, media.secret, record);
  }

  async kick(media: MediaRoom, feedId: string): Promise<void> {
    await kick(await this.control(), media.room, media.secret, feedId);
  }

  /** Ids of the VideoRooms that exist on Janus now (diagnostics; private rooms are listed with the admin key). */
  async listRooms(): Promise<string[]> {
    const reply = await (await this.control()).request({ request: 'list', admin_key: this.adminKey });
    const list = Array.isArray(reply.data.list) ? (reply.data.list as { room?: unknown }[]) : [];
    return list.map((r) => String(r.room));
  }

  private async control(): Promise<JanusHandle> {
    if (!this.controlHandle) {
      const attaching = this.attach();
      this.controlHandle = attaching;
      attaching.then(
        (h) => h.once('detached', () => this.controlHandle === attaching && (this.controlHandle = undefined)),
        () => (this.controlHandle = undefined),
      );
    }
    return this.controlHandle;
  }
}
