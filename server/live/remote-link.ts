/**
 * A browser connection held by another instance, as the owner of the meeting sees it: frames for it travel over
 * the bus to that instance, which passes them to the socket. Frames for many connections of one instance are
 * sent as one message (`deliver` with their ids), see `deliverAll`.
 */
import type { ClientLink } from './client-link';
import type { ConnRef, LiveBus } from './bus';

export class RemoteLink implements ClientLink {
  readonly id: string;
  readonly instanceId: string;
  /** Commands from this connection run one after the other, as they do for a local one. */
  queue: Promise<void> = Promise.resolve();

  constructor(
    readonly ref: ConnRef,
    private readonly bus: LiveBus,
  ) {
    this.id = ref.id;
    this.instanceId = ref.instanceId;
  }

  send(frame: string | Buffer, skippable = false): void {
    this.bus.publish(this.instanceId, { kind: 'deliver', conns: [this.id], frame: frame.toString(), skippable });
  }

  close(code = 1000): void {
    this.bus.publish(this.instanceId, { kind: 'close', conns: [this.id], code });
  }

  /** One frame to many remote connections: one bus message per instance. */
  static deliverAll(bus: LiveBus, links: RemoteLink[], frame: string | Buffer, skippable: boolean): void {
    const byInstance = new Map<string, string[]>();
    for (const link of links) {
      const list = byInstance.get(link.instanceId) ?? [];
      list.push(link.id);
      byInstance.set(link.instanceId, list);
    }
    const text = frame.toString();
    for (const [instanceId, conns] of byInstance) bus.publish(instanceId, { kind: 'deliver', conns, frame: text, skippable });
  }
}
