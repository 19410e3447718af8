/**
 * The client's transaction logic against a scripted peer on loopback: orderings a real Janus produces only by
 * chance (an event before its ack) and error shapes (plugin errors inside `success`).
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { JanusClient, JanusError } from './janus-client';

let server: WebSocketServer | undefined;
let client: JanusClient | undefined;
afterEach(async () => {
  await client?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** A peer that answers `create` and `attach`, and hands every other request to `onRequest`. */
async function scriptedJanus(onRequest: (msg: Record<string, unknown>, ws: WebSocket) => void): Promise<string> {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: () => 'janus-protocol' });
  server.on('connection', (ws) => {
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as Record<string, unknown>;
      const tx = msg.transaction;
      if (msg.janus === 'create') ws.send(JSON.stringify({ janus: 'success', transaction: tx, data: { id: 1 } }));
      else if (msg.janus === 'attach') ws.send(JSON.stringify({ janus: 'success', transaction: tx, session_id: 1, data: { id: 2 } }));
      else onRequest(msg, ws);
    });
  });
  await new Promise((r) => server!.once('listening', r));
  const { port } = server.address() as { port: number };
  return `ws://127.0.0.1:${port}`;
}

describe('Janus client', () => {
  it('matches an event that arrives before its ack by transaction', async () => {
    const url = await scriptedJanus((msg, ws) => {
      const tx = msg.transaction;
      ws.send(JSON.stringify({ janus: 'event', transaction: tx, sender: 2, plugindata: { plugin: 'janus.plugin.videoroom', data: { videoroom: 'joined', id: 'p1' } } }));
      ws.send(JSON.stringify({ janus: 'ack', transaction: tx }));
    });
    client = new JanusClient({ url, logger: pino({ level: 'silent' }) });
    await client.start();
    const handle = await client.attach('janus.plugin.videoroom');
    const reply = await handle.request({ request: 'join' });
    expect(reply.data).toMatchObject({ videoroom: 'joined', id: 'p1' });
  });

  it('turns a plugin error inside `success` and a core `error` into JanusError with the code', async () => {
    const url = await scriptedJanus((msg, ws) => {
      const tx = msg.transaction;
      const body = msg.body as { request?: string } | undefined;
      if (body?.request === 'create') ws.send(JSON.stringify({ janus: 'success', transaction: tx, sender: 2, plugindata: { plugin: 'janus.plugin.videoroom', data: { error_code: 429, error: 'Missing admin key' } } }));
      else ws.send(JSON.stringify({ janus: 'error', transaction: tx, error: { code: 458, reason: 'No such session' } }));
    });
    client = new JanusClient({ url, logger: pino({ level: 'silent' }) });
    await client.start();
    const handle = await client.attach('janus.plugin.videoroom');
    await expect(handle.request({ request: 'create' })).rejects.toMatchObject({ code: 429 });
    await expect(handle.request({ request: 'list' })).rejects.toBeInstanceOf(JanusError);
  });

  it('ignores a frame that is not a Janus message and keeps working', async () => {
    const url = await scriptedJanus((msg, ws) => {
      ws.send('not json');
      ws.send(JSON.stringify({ unexpected: true }));
      ws.send(JSON.stringify({ janus: 'success', transaction: msg.transaction, sender: 2, plugindata: { plugin: 'x', data: { ok: true } } }));
    });
    client = new JanusClient({ url, logger: pino({ level: 'silent' }) });
    await client.start();
    const handle = await client.attach('janus.plugin.videoroom');
    expect((await handle.request({ request: 'exists' })).data).toEqual({ ok: true });
  });

  it('a request without an answer fails after its time-out; a lost connection fails pending requests and reconnects', async () => {
    let drop = false;
    const url = await scriptedJanus((_msg, ws) => {
      if (drop) ws.terminate();
    });
    client = new JanusClient({ url, logger: pino({ level: 'silent' }), requestTimeoutMs: 200, reconnectMinMs: 50 });
    await client.start();
    const handle = await client.attach('janus.plugin.videoroom');
    await expect(handle.request({ request: 'silence' })).rejects.toThrow(/within 200 ms/);
    drop = true;
    const reconnected = new Promise<void>((resolve) => client!.once('connected', () => resolve()));
    const detached = new Promise<void>((resolve) => handle.once('detached', () => resolve()));
    await expect(handle.request({ request: 'boom' })).rejects.toThrow(/lost/);
    await detached;
    await reconnected;
    expect(client.state).toBe('connected');
  });
});
