/**
 * Test support for what follows a meeting (R4): an organisation with a provincial office, a department and an
 * outside unit; a meeting of the office, approved, then ended as the live meeting ends one (status `ended`).
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { addDays, holidaysBetween, isWorkingDay, vnDate } from '../../shared/calendar/working-days';
import { meetings } from '../db/schema';
import { createUser, ensureUnit, type TestServer } from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The first working day (default holidays) at least `days` days after today, in Vietnamese time. */
export function workingDayAfter(days: number, from = new Date()): string {
  const holidays = holidaysBetween(from, new Date(from.getTime() + (days + 30) * DAY));
  let d = addDays(vnDate(from), days);
  while (!isWorkingDay(d, holidays)) d = addDays(d, 1);
  return d;
}

/** The first Sunday at least a week ahead. */
export function sundayAfterAWeek(): string {
  let d = addDays(vnDate(new Date()), 7);
  while (new Date(`${d}T00:00:00Z`).getUTCDay() !== 0) d = addDays(d, 1);
  return d;
}

/** An instant on the Vietnamese civil date `date` at `hour`:00 in Hà Nội. */
export const vnInstant = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+07:00`);

export async function afterMeetingWorld(server: TestServer, province = 'Lâm Đồng') {
  const root = await ensureUnit(server, `UBND tỉnh ${province}`);
  const office = `Văn phòng UBND tỉnh ${province}`;
  const finance = `Sở Tài chính tỉnh ${province}`;
  const outside = `Sở Y tế tỉnh ${province}`;
  const officeId = await ensureUnit(server, office, root);
  const financeId = await ensureUnit(server, finance, root);
  await ensureUnit(server, outside, root);
  const chair = await createUser(server, 'Trịnh Văn Chủ', office, { title: 'Chủ tịch UBND tỉnh' });
  const organiser = await createUser(server, 'Lê Thị Tổ', office, { role: 'organiser', title: 'Chánh Văn phòng' });
  const an = await createUser(server, 'Nguyễn Văn An', office, { title: 'Phó Chánh Văn phòng' });
  const binh = await createUser(server, 'Phạm Thị Bình', office, { title: 'Giám đốc Trung tâm Phục vụ hành chính công' });
  const ha = await createUser(server, 'Bùi Thị Hà', office, { title: 'Phó Giám đốc Trung tâm Phục vụ hành chính công' });
  const financeOrganiser = await createUser(server, 'Đỗ Văn Tài', finance, { role: 'organiser', title: 'Chánh Văn phòng Sở Tài chính' });
  const outsideOrganiser = await createUser(server, 'Mai Thị Y', outside, { role: 'organiser', title: 'Chánh Văn phòng Sở Y tế' });
  const outsider = await createUser(server, 'Hoàng Văn Ngoài', office);
  return { root, officeId, financeId, office, finance, chair, organiser, an, binh, ha, financeOrganiser, outsideOrganiser, outsider };
}
export type AfterMeetingWorld = Awaited<ReturnType<typeof afterMeetingWorld>>;

/** A meeting of the office 3 days ahead, booked by its organiser and approved by the operator. */
export async function bookOfficeMeeting(server: TestServer, w: AfterMeetingWorld, over: Record<string, unknown> = {}): Promise<{ id: string; slug: string }> {
  const startsAt = new Date(Date.now() + 3 * DAY);
  const slug = `giao-ban-${randomBytes(4).toString('hex')}`;
  const res = await w.organiser.client.post('/api/meetings', {
    title: 'Giao ban kinh tế - xã hội tháng 12',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
    chairId: w.chair.id,
    inviteeIds: [w.an.id, w.binh.id],
    unitIds: [w.financeId],
    slug,
    password: 'mat-khau-gb',
    notStateSecret: true,
    hostUnitId: w.officeId,
    ...over,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.meeting.id as string;
  if (res.body.meeting.approval?.status === 'pending') expect((await server.operator.post(`/api/meetings/${id}/approve`)).status).toBe(200);
  return { id, slug };
}

/** The meeting ends as the chair ends it in the room (the live meeting's `markEnded`). */
export async function endMeeting(server: TestServer, meetingId: string): Promise<void> {
  await server.app.database.db.update(meetings).set({ status: 'ended', endedAt: new Date() }).where(eq(meetings.id, meetingId));
}
