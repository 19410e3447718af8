/**
 * The security settings page and the dossier's annex (issue 17, point 7; R6.2, M11.2c): the operator reads the
 * settings in force — read from the running system — and exports them as a PDF annex; anyone else is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecuritySettingsView } from '../../shared/api';
import { readPdf } from '../pdf/read-pdf';
import { createUser, startTestServer, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SESSION_TTL_HOURS: '9', LOCKOUT_MAX_FAILURES: '4' });
});
afterAll(() => server?.close());

describe('security settings (R6.2)', () => {
  it('the operator sees the settings in force: headers actually sent, account rules, an intact audit chain, versions', async () => {
    const res = await server.operator.get('/api/security/settings');
    expect(res.status).toBe(200);
    const view = res.body as SecuritySettingsView;
    expect(view.accounts).toMatchObject({ passwordMinLength: 10, sessionHours: 9, lockout: { failures: 4 } });
    expect(view.accounts.secondFactor.enrolled).toBeGreaterThanOrEqual(1); // the operator enrolled when signing in
    expect(view.transport.headers.find((h) => h.startsWith('content-security-policy:'))).toContain("frame-ancestors 'none'");
    expect(view.transport.headers).toContain('referrer-policy: no-referrer');
    expect(view.audit.ok).toBe(true);
    expect(view.audit.checked).toBeGreaterThan(0);
    expect(view.media).toMatchObject({ janusApi: 'unix', janusAvailable: true });
    expect(view.versions.find((v) => v.name === 'Janus WebRTC Server')?.version).toBe('1.1.2');
    expect(JSON.stringify(view)).not.toMatch(/\$argon2|password_hash|admin_key|BEGIN .*PRIVATE KEY/i);
  });

  it('the annex is a PDF in administrative form with the same settings, and its export is in the audit trail', async () => {
    const res = await fetch(`${server.url}/api/security/annex.pdf`, { headers: { cookie: server.operator.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { text } = await readPdf(Buffer.from(await res.arrayBuffer()));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(flat).toContain('PHỤ LỤC');
    expect(flat).toContain('Thời hạn phiên đăng nhập');
    expect(flat).toContain('9 giờ');
    expect(flat).toContain('4 lần sai liên tiếp');
    expect(flat).toMatch(/Nguyên vẹn: đã kiểm tra \d+ mục/);
    const audit = await server.operator.get('/api/audit?action=security.annex_exported');
    expect(audit.body.entries.length).toBe(1);
  });

  it('anyone but the operator is refused, page and annex', async () => {
    const organiser = await createUser(server, 'Đỗ Văn Tổ', 'Văn phòng UBND tỉnh', { role: 'organiser' });
    expect((await organiser.client.get('/api/security/settings')).status).toBe(403);
    expect((await organiser.client.get('/api/security/annex.pdf')).status).toBe(403);
    expect((await fetch(`${server.url}/api/security/settings`)).status).toBe(401);
  });
});
