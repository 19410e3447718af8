/**
 * The minutes signed (issue 16 points 1 and 4; R2.7, R3.12, M8.1d): the secretary submits the minutes as they
 * stand; the secretary signs, then the chair, each with their second factor; poppler's pdfsig finds both signatures
 * valid and the whole document covered. Out of turn, or before a secretary is named, is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignableView } from '../../shared/api';
import { nssDbTrusting, pdfsig } from './signature-tools';
import { createUser, ensureUnit, startTestServer, totpCodeFor, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 90_000);
afterAll(() => server?.close());

describe('minutes to sign (R3.12)', () => {
  it('the secretary submits the minutes; secretary then chair sign; pdfsig verifies both', async () => {
    const host = await ensureUnit(server, 'Sở Nội vụ');
    const chair = await createUser(server, 'Nguyễn Văn Chủ Tọa', 'Sở Nội vụ', { title: 'Giám đốc Sở' });
    const secretary = await createUser(server, 'Trần Thị Thư Ký', 'Sở Nội vụ', { title: 'Chuyên viên', role: 'secretary' });
    for (const p of [chair, secretary]) await p.client.enrolSecondFactor(p.email);
    const created = await server.operator.post('/api/meetings', {
      title: 'Họp thông qua biên bản',
      startsAt: new Date(Date.now() + 30 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
      hostUnitId: host,
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      needsMinutes: true,
      inviteeIds: [secretary.id],
      slug: `bien-ban-${Math.random().toString(36).slice(2, 8)}`,
      password: 'mat-khau-1',
    });
    expect(created.status).toBe(201);
    const meetingId = created.body.meeting.id as string;
    const submit = (c: typeof chair.client) => c.post(`/api/meetings/${meetingId}/minutes/signing`);

    expect((await submit(chair.client)).body.error.id).toBe('minutes_secretary_required');
    expect((await chair.client.put(`/api/meetings/${meetingId}/secretary`, { secretaryId: secretary.id })).status).toBe(200);
    expect((await secretary.client.post(`/api/meetings/${meetingId}/minutes/entries`, { section: 'opening', text: 'Hội đồng đủ số thành viên theo quy định.' })).status).toBe(201);
    const submitted = await submit(secretary.client);
    expect(submitted.status).toBe(201);
    const id = submitted.body.signableId as string;

    const sign = async (p: typeof chair) => p.client.post(`/api/signables/${id}/sign`, { code: await totpCodeFor(server.url, p.email) });
    const outOfTurn = await sign(chair);
    expect(outOfTurn.status).toBeGreaterThanOrEqual(400);
    expect((await sign(secretary)).status).toBe(200);
    const done = await sign(chair);
    expect(done.status).toBe(200);
    expect((done.body as SignableView).signers.map((s) => s.signedAt !== null)).toEqual([true, true]);

    const pdf = await fetch(`${server.url}/api/signables/${id}/pdf`, { headers: { cookie: chair.client.cookie! } });
    const bytes = Buffer.from(await pdf.arrayBuffer());
    const ca = await server.app.signatures.authorityPem();
    const report = pdfsig(bytes, nssDbTrusting(ca));
    expect(report).toHaveLength(2);
    expect(report.every((s) => s.valid)).toBe(true);
    expect(report.at(-1)!.wholeDocument).toBe(true);
  }, 120_000);
});
