/**
 * A minimal TURN client for tests (RFC 8656 Allocate with the long-term credential mechanism, RFC 8489): enough to
 * ask coturn whether it accepts a username and password, over UDP, TCP or TLS. Not used by the server.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';

const MAGIC = 0x2112a442;
const ALLOCATE = 0x0003;
const ATTR = { USERNAME: 0x0006, MESSAGE_INTEGRITY: 0x0008, ERROR_CODE: 0x0009, REALM: 0x0014, NONCE: 0x0015, XOR_RELAYED_ADDRESS: 0x0016, REQUESTED_TRANSPORT: 0x0019 };

export type TurnTransport = 'udp' | 'tcp' | 'tls';
export type AllocateResult = { ok: true; relayed: string } | { ok: false; code: number; reason: string };

function attribute(type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(value.length, 2);
  const pad = Buffer.alloc((4 - (value.length % 4)) % 4);
  return Buffer.concat([header, value, pad]);
}

function message(type: number, txId: Buffer, attrs: Buffer[], integrityKey?: Buffer): Buffer {
  let body = Buffer.concat(attrs);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt32BE(MAGIC, 4);
  txId.copy(header, 8);
  if (integrityKey) {
    header.writeUInt16BE(body.length + 24, 2); // the length counts MESSAGE-INTEGRITY itself
    const mac = createHmac('sha1', integrityKey).update(Buffer.concat([header, body])).digest();
    body = Buffer.concat([body, attribute(ATTR.MESSAGE_INTEGRITY, mac)]);
  }
  header.writeUInt16BE(body.length, 2);
  return Buffer.concat([header, body]);
}

function parse(buf: Buffer): { type: number; attrs: Map<number, Buffer> } {
  const type = buf.readUInt16BE(0);
  const length = buf.readUInt16BE(2);
  const attrs = new Map<number, Buffer>();
  for (let off = 20; off + 4 <= 20 + length; ) {
    const t = buf.readUInt16BE(off);
    const l = buf.readUInt16BE(off + 2);
    attrs.set(t, buf.subarray(off + 4, off + 4 + l));
    off += 4 + l + ((4 - (l % 4)) % 4);
  }
  return { type, attrs };
}

/** A connection to the TURN server: coturn ties the nonce to it, so both requests of an Allocate go on one. */
interface Channel {
  ask(request: Buffer): Promise<Buffer>;
  close(): void;
}

async function open(host: string, port: number, transport: TurnTransport): Promise<Channel> {
  const waiters: ((msg: Buffer) => void)[] = [];
  const deliver = (msg: Buffer) => waiters.shift()?.(msg);
  const ask = (send: () => void) =>
    new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no TURN answer over ${transport}`)), 3000);
      waiters.push((msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
      send();
    });
  if (transport === 'udp') {
    const socket = dgram.createSocket('udp4');
    socket.on('message', deliver);
    return { ask: (request) => ask(() => socket.send(request, port, host)), close: () => socket.close() };
  }
  const socket = transport === 'tls' ? tls.connect({ host, port, rejectUnauthorized: false }) : net.connect({ host, port });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once(transport === 'tls' ? 'secureConnect' : 'connect', () => resolve());
  });
  let got = Buffer.alloc(0);
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    got = Buffer.concat([got, chunk]);
    while (got.length >= 20 && got.length >= 20 + got.readUInt16BE(2)) {
      const length = 20 + got.readUInt16BE(2);
      deliver(got.subarray(0, length));
      got = got.subarray(length);
    }
  });
  return { ask: (request) => ask(() => socket.write(request)), close: () => socket.destroy() };
}

function errorOf(attrs: Map<number, Buffer>): { code: number; reason: string } {
  const e = attrs.get(ATTR.ERROR_CODE);
  if (!e) return { code: 0, reason: 'no error code' };
  return { code: (e[2]! & 7) * 100 + e[3]!, reason: e.subarray(4).toString('utf8') };
}

/** Ask for a UDP relay with `username`/`password`; resolves with the relayed address or the error coturn gave. */
export async function turnAllocate(host: string, port: number, transport: TurnTransport, username: string, password: string): Promise<AllocateResult> {
  const channel = await open(host, port, transport);
  try {
    const udp = attribute(ATTR.REQUESTED_TRANSPORT, Buffer.from([17, 0, 0, 0]));
    const first = parse(await channel.ask(message(ALLOCATE, randomBytes(12), [udp])));
    const challenge = errorOf(first.attrs);
    const realm = first.attrs.get(ATTR.REALM);
    const nonce = first.attrs.get(ATTR.NONCE);
    if (challenge.code !== 401 || !realm || !nonce) return { ok: false, ...challenge };
    const key = createHash('md5').update(`${username}:${realm.toString('utf8')}:${password}`).digest();
    const second = parse(
      await channel.ask(message(ALLOCATE, randomBytes(12), [udp, attribute(ATTR.USERNAME, Buffer.from(username)), attribute(ATTR.REALM, realm), attribute(ATTR.NONCE, nonce)], key)),
    );
    if (second.type !== 0x0103) return { ok: false, ...errorOf(second.attrs) };
    const x = second.attrs.get(ATTR.XOR_RELAYED_ADDRESS)!;
    const relayPort = x.readUInt16BE(2) ^ (MAGIC >>> 16);
    const ip = [...x.subarray(4, 8)].map((b, i) => b ^ ((MAGIC >>> (24 - 8 * i)) & 0xff)).join('.');
    return { ok: true, relayed: `${ip}:${relayPort}` };
  } finally {
    channel.close();
  }
}
