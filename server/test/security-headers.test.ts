/**
 * Security headers (R6.1): the app cannot be framed (clickjacking), runs no inline script, is not sniffed, sends no
 * Referer to other sites, and asks for HTTPS only when it speaks it (HSTS). Checked on the web app's page, an API
 * answer and an error, over HTTP and over TLS.
 */
import http from 'node:http';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support';

/** GET with Node's https/http client (accepts the self-signed certificate), returning the headers. */
function headersOf(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const req = client.request(url, { method: 'GET', rejectUnauthorized: false } as https.RequestOptions, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The CSP as directive → sources. */
const cspOf = (header: unknown) =>
  new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );

describe('security headers over HTTP (R6.1)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SERVE_WEB: 'true' });
  });
  afterAll(() => server?.close());

  it('R6.1 the app page, an API answer and an error all carry the policy: no framing, no inline script, no sniffing, no Referer; no HSTS over HTTP', async () => {
    for (const path of ['/', '/login', '/api/health', '/api/meetings', '/api/khong-co']) {
      const { status, headers } = await headersOf(server.url + path);
      expect(status, path).toBeLessThan(500);
      const csp = cspOf(headers['content-security-policy']);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(csp.get('default-src'), path).toEqual(["'self'"]);
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('script-src-attr'), path).toEqual(["'none'"]);
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      for (const sources of csp.values()) expect(sources.join(' '), path).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      // over plain HTTP, upgrading every request would break the app on a LAN address
      expect(csp.has('upgrade-insecure-requests'), path).toBe(false);
      expect(headers['x-frame-options'], path).toBe('DENY');
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toBe('no-referrer');
      expect(headers['strict-transport-security'], path).toBeUndefined();
      expect(headers['x-powered-by'], path).toBeUndefined();
    }
  });

  it('R6.1 the page itself has no inline script for the policy to forbid', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/assets\//);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+="/i);
  });
});

describe('security headers over TLS (R6.1)', () => {
  let server: TestServer;
  beforeAll(async () => {
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    server = await startTestServer({ HTTPS: 'self-signed', SERVE_WEB: 'true' });
  });
  afterAll(() => server?.close());

  it('R6.1 over HTTPS browsers are told to come back only over HTTPS (HSTS) and to upgrade any plain request', async () => {
    for (const path of ['/', '/api/health']) {
      const { headers } = await headersOf(server.url + path);
      expect(headers['strict-transport-security'], path).toMatch(/^max-age=31536000\b/);
      const csp = cspOf(headers['content-security-policy']);
      expect(csp.has('upgrade-insecure-requests'), path).toBe(true);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
    }
  });
});
