/**
 * Attendance confirmed and signed, in the browser (issue 16 points 4 and 6): the room's technician enters the
 * people in their room, the secretary confirms the attendance and signs it with the code of their authenticator
 * app, the chair signs, pdfsig verifies both signatures, and the public verify page says who signed and that
 * nothing changed — and that an altered copy was altered.
 */
import { describe, expect, it } from 'vitest';
import { nssDbTrusting, pdfsig } from '../server/test/signature-tools';
import { createUser, ensureUnit, totpCodeFor } from '../server/test/support';
import { bookMeeting, joinedSocket, participantPage, server, signedInPage, useBrowserSuite } from './harness';

useBrowserSuite();

describe('signatures in the browser', () => {
  it('technician enters the room, the secretary confirms and signs with the code, the chair signs, pdfsig and the verify page agree', { timeout: 240_000 }, async () => {
    const hostName = 'Văn phòng UBND tỉnh Đắk Nông';
    const hostUnit = await ensureUnit(server, hostName);
    const chair = await createUser(server, 'Nguyễn Bốn', hostName, { title: 'Phó Chủ tịch UBND tỉnh' });
    await chair.client.enrolSecondFactor(chair.email);
    const secretary = await createUser(server, 'Lê Thị Thư', hostName, { role: 'secretary', title: 'Chuyên viên' });
    await secretary.client.enrolSecondFactor(secretary.email);
    const an = await createUser(server, 'Trần Văn An', 'Sở Tài chính', { title: 'Giám đốc' });
    const district = await ensureUnit(server, 'UBND huyện Cư Jút');
    const tech = await createUser(server, 'Vũ Văn Máy', 'UBND huyện Cư Jút', { role: 'technician' });
    const room = await server.operator.post('/api/endpoints', { name: 'Phòng họp huyện Cư Jút', unitId: district, location: 'Tầng 2', equipment: '', networkAddress: '', capacity: 20 });
    expect(room.status, JSON.stringify(room.body)).toBe(201);
    const roomId = room.body.endpoint.id as string;
    expect((await server.operator.post(`/api/endpoints/${roomId}/technicians`, { userId: tech.id, contact: '0261 3880 123' })).status).toBe(201);
    const slug = `ky-so-${Math.random().toString(36).slice(2, 8)}`;
    const meeting = await bookMeeting({
      title: 'Giao ban tháng 12',
      startsAt: new Date(Date.now() + 10 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
      hostUnitId: hostUnit,
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [an.id],
      endpointIds: [roomId],
      slug,
      password: 'mat-khau-1',
    });

    // the technician enters who sits in their room
    const techPage = await signedInPage(tech.email, tech.password);
    await techPage.goto(`/meetings/${meeting.id}/room-people`);
    await techPage.getByTestId('room-people-text').fill('Hoàng Thị Năm, Phó Chủ tịch UBND huyện\nĐinh Văn Sáu, Chánh Văn phòng');
    await techPage.getByTestId('room-people-save').click();
    await expect.poll(async () => (await server.operator.get(`/api/meetings/${meeting.id}/room-people`)).body.rooms[0].people.length).toBe(2);

    // the meeting takes place and ends
    const chairSocket = await joinedSocket(chair.client, slug, 'mat-khau-1');
    const anSocket = await joinedSocket(an.client, slug, 'mat-khau-1');
    await new Promise((r) => setTimeout(r, 500));
    chairSocket.send({ type: 'end_meeting', noConclusions: true });
    await expect.poll(async () => (await server.operator.get(`/api/meetings/${meeting.id}`)).body.meeting.status).toBe('ended');
    chairSocket.close();
    anSocket.close();

    // the secretary confirms and signs with the code of the moment
    const page = await signedInPage(secretary.email, secretary.password);
    await page.goto(`/meetings/${meeting.id}/records`);
    await page.getByTestId('attendance-confirm').click();
    const panel = page.getByTestId('sign-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('signer').count()).toBe(2);
    await panel.getByTestId('sign-code').fill(await totpCodeFor(server.url, secretary.email));
    await panel.getByTestId('sign-submit').click();
    await expect.poll(() => panel.getByTestId('signer').first().getAttribute('data-signed')).toBe('true');
    const listed = await secretary.client.get(`/api/signables?kind=attendance&subjectId=${meeting.id}`);
    const id = listed.body[0].id as string;
    // then the chair
    const signed = await chair.client.post(`/api/signables/${id}/sign`, { code: await totpCodeFor(server.url, chair.email) });
    expect(signed.body.state).toBe('signed');
    await page.reload();
    await expect.poll(() => page.getByTestId('sign-panel').getAttribute('data-state')).toBe('signed');

    const pdf = Buffer.from(await (await fetch(`${server.url}/api/signables/${id}/pdf`, { headers: { cookie: secretary.client.cookie! } })).arrayBuffer());
    const nss = nssDbTrusting(await (await fetch(`${server.url}/api/signatures/authority.pem`)).text());
    expect(pdfsig(pdf, nss).map((s) => [s.commonName, s.valid, s.trusted])).toEqual([
      ['Lê Thị Thư', true, true],
      ['Nguyễn Bốn', true, true],
    ]);

    // anyone, signed out, checks the PDF on the verify page
    const { page: visitor } = await participantPage();
    await visitor.goto('/verify');
    await visitor.getByTestId('verify-file').setInputFiles({ name: 'xac-nhan.pdf', mimeType: 'application/pdf', buffer: pdf });
    const report = visitor.getByTestId('verify-report');
    await report.waitFor();
    expect(await report.getAttribute('data-unaltered')).toBe('true');
    expect(await visitor.getByTestId('verify-signature').allTextContents()).toEqual([expect.stringContaining('Lê Thị Thư'), expect.stringContaining('Nguyễn Bốn')]);
    const altered = Buffer.concat([pdf, Buffer.from('\n% sửa sau khi ký\n')]);
    await visitor.getByTestId('verify-file').setInputFiles({ name: 'da-sua.pdf', mimeType: 'application/pdf', buffer: altered });
    await expect.poll(() => visitor.getByTestId('verify-report').getAttribute('data-unaltered')).toBe('false');
  });
});
