import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  // The test's own HTTP client must accept the generated certificate, as a browser does after the user accepts it.
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  server = await startTestServer({ HTTPS: 'self-signed' });
});
afterAll(() => server?.close());

function get(url: string): Promise<{ status: number; cert: { subjectaltname?: string }; setCookie?: string[] }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'GET', rejectUnauthorized: false }, (res) => {
      const cert = (res.socket as import('node:tls').TLSSocket).getPeerCertificate();
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cert, setCookie: res.headers['set-cookie'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS (R6.1)', () => {
  it('R6.1 with HTTPS=self-signed the server speaks only TLS, with a generated certificate for localhost', async () => {
    expect(server.url.startsWith('https://')).toBe(true);
    const res = await get(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.cert.subjectaltname).toContain('localhost');
  });

  it('R6.1 the session cookie is marked Secure over HTTPS', async () => {
    // startTestServer signed the operator in over this server: its cookie came with the Secure attribute
    const login = await fetch(`${server.url.replace('https', 'http')}/api/health`).then(
      () => 'plain http answered',
      () => 'refused',
    );
    expect(login).toBe('refused');
    expect(server.operator.lastSetCookie).toMatch(/;\s*Secure/i);
  });
});
