/**
 * The baseline of `npm run bench:signal`: a bare `ws` server, run as its own process like GiaoBan, that accepts
 * WebSocket connections and, when asked over HTTP (`POST /send?bytes=N&marker=M`), sends one N-byte text frame with
 * the marker in it to every connection — the least any signaling server must do to deliver one event to N people.
 * The bench measures its delivery with the same client code as GiaoBan's.
 */
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.argv[2] ?? 0);
const sockets = new Set<WebSocket>();
const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (req.method === 'POST' && url.pathname === '/send') {
    const bytes = Number(url.searchParams.get('bytes') ?? 200);
    const marker = url.searchParams.get('marker') ?? 'MARK';
    // The same shape as GiaoBan's frames: serialised once, the same Buffer to every socket.
    const head = `{"type":"events","seq":1,"events":[{"kind":"${marker}","pad":"`;
    const frame = Buffer.from(`${head}${'x'.repeat(Math.max(0, bytes - head.length - 4))}"}]}`);
    for (const ws of sockets) ws.send(frame, { binary: false });
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === '/count') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(String(sockets.size));
    return;
  }
  res.writeHead(404).end();
});
const wss = new WebSocketServer({ server });
wss.on('connection', (ws) => {
  sockets.add(ws);
  ws.on('close', () => sockets.delete(ws));
});
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
});
