/**
 * Attendance and lists as an operator and a chair read them (issue 15.9), at a desktop's and a phone's size: time
 * present in words (`1 giờ 09 phút`, not `1:09`); the endpoint column filled from where each person joined; people
 * (the people page, the chair picker, the invitees) by unit, then title of office, then given name, in Vietnamese
 * collation; no postponement offered for a meeting that has ended, and none accepted.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { meetingEvents } from '../server/db/schema';
import { createUser } from '../server/test/support';
import { bookMeeting, joinedSocket, server, signedInPage, useBrowserSuite } from './harness';

useBrowserSuite({ closePagesAfterEach: true });

const OPERATOR = { email: 'admin@giaoban.local', password: 'Operator-password-1' };
const PASSWORD = 'hop-danh-sach';
const SIZES = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

/** The texts of the people of `names`, in the order the page shows them. */
async function orderOn(page: Page, selector: string, names: readonly string[]): Promise<string[]> {
  const texts = await page.locator(selector).allTextContents();
  return texts.flatMap((text) => names.filter((name) => text.includes(name)));
}

describe('attendance and lists (issue 15.9)', () => {
  it('R1.2 R2.1 people are listed by unit, then title of office, then given name: the people page, the chair picker, the invitees', async () => {
    // by e-mail (bui…, do…, ly…, vuong…) and by given name (An, Ánh, Bảo, Yến) the order would differ
    await createUser(server, 'Đỗ Văn An', 'Sở Tài nguyên và Môi trường Bình Phước', { title: 'Chuyên viên' });
    await createUser(server, 'Bùi Thị Yến', 'Sở Tài nguyên và Môi trường Bình Phước', { title: 'Giám đốc Sở' });
    await createUser(server, 'Lý Văn Bảo', 'Sở Tài nguyên và Môi trường Bình Phước', { title: 'Phó Giám đốc Sở' });
    await createUser(server, 'Vương Thị Ánh', 'Sở Công Thương Bình Phước', { title: 'Chuyên viên' });
    const names = ['Đỗ Văn An', 'Bùi Thị Yến', 'Lý Văn Bảo', 'Vương Thị Ánh'];
    const expected = ['Vương Thị Ánh', 'Bùi Thị Yến', 'Lý Văn Bảo', 'Đỗ Văn An'];

    const page = await signedInPage(OPERATOR.email, OPERATOR.password);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.goto('/admin/users');
      await page.getByTestId('user-list').waitFor();
      await expect.poll(() => orderOn(page, '[data-testid="user-display-name"]', names)).toEqual(expected);

      await page.goto('/admin/meetings/new');
      await page.getByTestId('meeting-chair').waitFor();
      await expect.poll(() => orderOn(page, '[data-testid="meeting-chair"] option', names)).toEqual(expected);
      await expect.poll(() => orderOn(page, '[data-testid="meeting-invitees"] li', names)).toEqual(expected);
    }
  });

  it('R4.3 attendance says time present in words and where each joined; an ended meeting is not offered a postponement', async () => {
    const unit = 'Văn phòng UBND tỉnh Bình Phước';
    const chair = await createUser(server, 'Nguyễn Văn Trì', unit, { title: 'Chủ tịch UBND tỉnh' });
    const delegate = await createUser(server, 'Trần Thị Mai', 'Sở Y tế Bình Phước', { title: 'Giám đốc Sở' });
    const technician = await createUser(server, 'Hồ Văn Kỹ', 'Sở Y tế Bình Phước', { role: 'technician', title: 'Kỹ thuật viên' });
    const unitId = (await server.operator.get('/api/users')).body.users.find((u: { id: string }) => u.id === delegate.id).unitId as string;
    const room = await server.operator.post('/api/endpoints', { kind: 'room', name: 'Phòng họp trực tuyến Sở Y tế Bình Phước', unitId });
    expect(room.status, JSON.stringify(room.body)).toBe(201);
    const startsAt = new Date(Date.now() - 2 * 3600_000);
    const slug = 'giao-ban-diem-danh';
    const meeting = await bookMeeting({
      title: 'Giao ban điểm danh',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [delegate.id],
      endpointIds: [room.body.endpoint.id],
      slug,
      password: PASSWORD,
    });

    // The first part of the meeting's log, as the room wrote it: the delegate was there for 69 minutes and left
    // with the chair's consent; the room's technician operated the room from the start.
    const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);
    await server.app.database.db.insert(meetingEvents).values([
      { meetingId: meeting.id, userId: delegate.id, type: 'joined', at: at(0), data: { participantId: 'p-mai', role: 'delegate', endpointId: null } },
      { meetingId: meeting.id, userId: technician.id, type: 'joined', at: at(0), data: { participantId: 'p-ky', role: 'endpoint_technician', endpointId: room.body.endpoint.id } },
      { meetingId: meeting.id, userId: delegate.id, type: 'left', at: at(69), data: { participantId: 'p-mai', reason: 'left', early: true, consent: true } },
    ]);
    // Then the chair comes in and ends the meeting.
    const socket = await joinedSocket(chair.client, slug, PASSWORD);
    socket.send({ type: 'end_meeting', noConclusions: true });
    await socket.next('closed', (m) => m.reason === 'meeting_ended', 10_000);

    const page = await signedInPage(chair.email, chair.password);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.goto(`/meetings/${meeting.id}/records`);
      const row = (userId: string) => page.locator(`[data-testid="attendance-item"][data-user-id="${userId}"]`);
      await row(delegate.id).waitFor({ timeout: 15_000 });
      expect(await row(delegate.id).getByTestId('attendance-present').textContent()).toBe('1 giờ 09 phút');
      expect(await row(technician.id).getByTestId('attendance-present').textContent()).toMatch(/^\d giờ \d\d phút$/);
      expect(await row(chair.id).getByTestId('attendance-present').textContent()).toMatch(/^0 phút \d\d giây$/);
      // where each joined: the room the technician operated; the others on their own
      expect(await row(technician.id).getByTestId('attendance-endpoint').textContent()).toBe('Phòng họp trực tuyến Sở Y tế Bình Phước');
      expect(await row(delegate.id).getByTestId('attendance-endpoint').textContent()).toBe('Điểm cầu cá nhân');
      expect(await row(chair.id).getByTestId('attendance-endpoint').textContent()).toBe('Điểm cầu cá nhân');
      expect(await row(delegate.id).getByTestId('attendance-departure').textContent()).toBe('Rời sớm, được chủ trì đồng ý');
    }

    // The readiness page of the ended meeting offers no postponement; one still to be held does.
    const operator = await signedInPage(OPERATOR.email, OPERATOR.password);
    await operator.goto(`/meetings/${meeting.id}/readiness`);
    await operator.getByTestId('readiness-summary').waitFor();
    expect(await operator.getByTestId('postpone').count()).toBe(0);
    expect(await operator.getByTestId('postpone-open').count()).toBe(0);
    const upcoming = await bookMeeting({
      title: 'Giao ban tuần sau',
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 7 * 86_400_000 + 3600_000).toISOString(),
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [delegate.id],
      slug: 'giao-ban-tuan-sau',
      password: PASSWORD,
    });
    await operator.goto(`/meetings/${upcoming.id}/readiness`);
    await operator.getByTestId('postpone-open').waitFor();
    // and the server refuses to move the ended one all the same
    const version = (await server.operator.get(`/api/meetings/${meeting.id}`)).body.meeting.version as number;
    const moved = await server.operator.patch(`/api/meetings/${meeting.id}`, {
      version,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000 + 3600_000).toISOString(),
      reason: 'Dời sang ngày mai',
    });
    expect(moved.status).toBe(409);
    expect(moved.body.error.id).toBe('meeting_not_editable');
  });
});
