/**
 * Serving the web client: assets compressed once at build time and sent compressed to browsers that accept it,
 * cached for a year as immutable (their names carry a content hash), `index.html` revalidated on every load; the
 * API's larger answers compressed on the fly.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startTestServer, type TestServer } from './support';

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** GET with an explicit Accept-Encoding, giving the raw (still encoded) body. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
});
afterAll(() => server?.close());

describe('the web client’s files', () => {
  it('the build leaves a brotli and a gzip copy beside every script and style sheet', () => {
    const assets = fs.readdirSync(path.join(webDist, 'assets')).filter((f) => /\.(m?js|css)$/.test(f) && fs.statSync(path.join(webDist, 'assets', f)).size >= 1024);
    expect(assets.length).toBeGreaterThan(1);
    for (const f of assets) {
      const original = fs.readFileSync(path.join(webDist, 'assets', f));
      expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(webDist, 'assets', `${f}.br`))).equals(original), f).toBe(true);
      expect(zlib.gunzipSync(fs.readFileSync(path.join(webDist, 'assets', `${f}.gz`))).equals(original), f).toBe(true);
    }
  });

  it('hashed assets go out compressed as the browser accepts, cached a year as immutable; the page is revalidated', async () => {
    const page = await rawGet(`${server.url}/`, { 'accept-encoding': 'br, gzip' });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    const html = page.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(page.body).toString() : page.body.toString();
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)![1]!;
    const original = fs.readFileSync(path.join(webDist, script));

    const br = await rawGet(server.url + script, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.body.length).toBeLessThan(original.length / 3);
    expect(zlib.brotliDecompressSync(br.body).equals(original)).toBe(true);

    const gz = await rawGet(server.url + script, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(original)).toBe(true);

    const plain = await rawGet(server.url + script, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body.equals(original)).toBe(true);

    // a client route is the page itself: revalidated too
    const route = await rawGet(`${server.url}/admin/audit`, { 'accept-encoding': 'identity' });
    expect(route.status).toBe(200);
    expect(route.headers['cache-control']).toBe('no-cache');
    expect(route.body.toString()).toContain('<div id="root">');
  });

  it('the API’s larger answers are compressed on the fly', async () => {
    for (const name of ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Lan']) await createUser(server, `Nguyễn Văn ${name}`, 'Sở Thông tin và Truyền thông');
    const res = await rawGet(`${server.url}/api/users`, { cookie: server.operator.cookie!, 'accept-encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    const users = JSON.parse(zlib.brotliDecompressSync(res.body).toString()).users as unknown[];
    expect(users.length).toBeGreaterThanOrEqual(9);
  });
});
