/**
 * Issue 15.3 and 15.5 over HTTP: the organisation's own words (the approving office, the deciding authority), kept
 * by the operator and given to every signed-in client; and what sending the invitations really did — without a mail
 * server nothing is sent and the answer says so, with the rooms and people the invitation cannot reach.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryView, SendInvitationsResponse } from '../../shared/api';
import { errorIds } from '../../shared/errors';
import { AppError } from '../errors';
import { createUser, ensureUnit, startTestServer, type TestServer } from './support';

let server: TestServer;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("the organisation's own words (issue 15.3)", () => {
  it('default to a province, are changed by the operator only, audited, and reach every client through `me`', async () => {
    const organiser = await createUser(server, 'Lê Thị Tổ', 'Văn phòng Bộ', { role: 'organiser' });
    expect((await organiser.client.get('/api/organisation/settings')).body.settings).toEqual({ approvingOffice: 'Văn phòng UBND tỉnh', decidingAuthority: 'Chủ tịch UBND tỉnh' });

    const words = { approvingOffice: 'Văn phòng Bộ Tài nguyên và Môi trường', decidingAuthority: 'Bộ trưởng' };
    const refused = await organiser.client.put('/api/organisation/settings', words);
    expect(refused.status).toBe(403);
    expect(refused.body.error.id).toBe('forbidden');
    expect((await server.operator.put('/api/organisation/settings', { approvingOffice: 'V', decidingAuthority: '' })).body.error.id).toBe('validation_failed');

    const saved = await server.operator.put('/api/organisation/settings', words);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.settings).toEqual(words);
    expect((await organiser.client.get('/api/auth/me')).body.organisation).toEqual(words);
    const entries = (await server.operator.get('/api/audit?action=organisation.settings_updated')).body.entries as AuditEntryView[];
    expect(entries).toHaveLength(1);
    expect(entries[0]!.data).toMatchObject({ before: { approvingOffice: 'Văn phòng UBND tỉnh' }, after: words });
  });

  it('the refusals the server sends carry no internal requirement code', async () => {
    const offending = errorIds.map((id) => new AppError(id).message).filter((text) => /\b[RMD]\d+(\.\d+)?\b/.test(text));
    expect(offending).toEqual([]);
  });
});

describe('what sending the invitations did (issue 15.5)', () => {
  it('without a mail server: nothing sent, every mail kept and why, and who cannot be reached', async () => {
    const unit = await ensureUnit(server, 'Sở Xây dựng tỉnh Đắk Nông');
    const chair = await createUser(server, 'Nguyễn Văn Chủ', 'Sở Xây dựng tỉnh Đắk Nông', { title: 'Giám đốc Sở' });
    const delegate = await createUser(server, 'Trần Thị Dự', 'Sở Xây dựng tỉnh Đắk Nông');
    const gone = await createUser(server, 'Phạm Văn Nghỉ', 'Sở Xây dựng tỉnh Đắk Nông');
    const room = await server.operator.post('/api/endpoints', { name: 'Phòng họp huyện Cư Jút', unitId: unit });
    expect(room.status, JSON.stringify(room.body)).toBe(201);
    const startsAt = new Date(Date.now() + 10 * DAY);
    const booked = await server.operator.post('/api/meetings', {
      title: 'Giao ban xây dựng',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      hostUnitId: unit,
      chairId: chair.id,
      inviteeIds: [delegate.id, gone.id],
      endpointIds: [room.body.endpoint.id],
      slug: `xd-${randomBytes(3).toString('hex')}`,
      password: 'mat-khau-hop',
      notStateSecret: true,
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect((await server.operator.patch(`/api/users/${gone.id}`, { disabled: true })).status).toBe(200);

    const sent = await server.operator.post(`/api/meetings/${booked.body.meeting.id}/invitations/send`, { password: 'mat-khau-hop' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const result = sent.body as SendInvitationsResponse;
    expect(result.mailServer).toBe(false);
    expect(result.count).toBe(2); // the chair and the delegate
    expect(result.delivery).toEqual({ sent: 0, waiting: 0, retrying: 0, failed: 0, kept: 2 });
    expect(result.unreachableRooms).toEqual([{ id: room.body.endpoint.id, name: 'Phòng họp huyện Cư Jút', technicianInformed: false }]);
    expect(result.unreachablePeople).toEqual([{ id: gone.id, name: 'Phạm Văn Nghỉ', reason: 'disabled' }]);
    const [entry] = (await server.operator.get(`/api/audit?action=meeting.invitations_sent&targetId=${booked.body.meeting.id}`)).body.entries as AuditEntryView[];
    expect(entry!.data).toMatchObject({ mailServer: false, unreachableRooms: [room.body.endpoint.id], unreachablePeople: [gone.id] });
  });
});
