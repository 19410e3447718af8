/**
 * The weekly schedule as documents: the "LỊCH HỌP TRỰC TUYẾN" of a week in administrative form (laid out by
 * server/pdf/admin-document.ts) and the iCalendar feed one subscribes to (R2.4, M8.1a, M12.2). Pure: views in,
 * document descriptions and text out.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { ScheduleMeetingView, ScheduleView } from '../../shared/api/schedule';
import type { AdminDocument } from '../pdf/admin-document';
import { vnShortDate, vnTime } from '../pdf/vn-date';
import { typeLabel } from '../invitations/invitation-content';

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;
const civilToInstant = (date: string) => new Date(`${date}T00:00:00+07:00`);
/** `30/11/2026` from `2026-11-30`. */
const dmy = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** `Tuần 49, từ ngày 30/11/2026 đến ngày 06/12/2026` */
export const weekSubject = (s: Pick<ScheduleView, 'week' | 'from' | 'to'>) => `Tuần ${+s.week.slice(6)}, từ ngày ${dmy(s.from)} đến ngày ${dmy(s.to)}`;

const chairLine = (m: ScheduleMeetingView) => [m.chair.title, m.chair.name].filter(Boolean).join(' ');
const hostPlaces = (m: ScheduleMeetingView) => m.endpoints.filter((e) => e.unitId === m.hostUnit.id);
const participants = (m: ScheduleMeetingView) =>
  [...m.units, ...m.endpoints.filter((e) => e.unitId !== m.hostUnit.id).map((e) => `Điểm cầu ${e.name}`)].join(';\n') || '—';
const place = (m: ScheduleMeetingView) =>
  hostPlaces(m)
    .map((e) => [e.name, e.location].filter(Boolean).join(', '))
    .join(';\n') || 'Trực tuyến';
const content = (m: ScheduleMeetingView) =>
  [m.title, `(${typeLabel(m)}; đơn vị chủ trì: ${m.hostUnit.name})`, ...(m.pending ? ['(Chờ phê duyệt)'] : [])].join('\n');

export interface ScheduleHeader {
  /** The issuing unit: the unit of the schedule, or the root of the organisation. */
  unit: string;
  parentBody?: string;
  place: string;
  issuedAt: Date;
}

/** The weekly schedule in administrative form: a landscape table, one row per meeting, days without any named. */
export function scheduleDocument(s: ScheduleView, header: ScheduleHeader): AdminDocument {
  const rows: string[][] = [];
  for (const day of s.days) {
    const dayCell = `${WEEKDAYS[day.weekday]}\n${dmy(day.date)}${day.holiday ? `\n(${day.holiday})` : ''}`;
    if (day.meetings.length === 0) {
      rows.push([dayCell, '', day.holiday ? 'Nghỉ lễ' : 'Không có lịch họp', '', '', '']);
      continue;
    }
    day.meetings.forEach((m, i) => {
      const starts = new Date(m.startsAt);
      const ends = new Date(m.endsAt);
      const sameDay = vnShortDate(starts) === vnShortDate(ends);
      rows.push([i === 0 ? dayCell : '', `${vnTime(starts)} - ${vnTime(ends)}${sameDay ? '' : ` (${vnShortDate(ends)})`}`, content(m), chairLine(m), participants(m), place(m)]);
    });
  }
  return {
    header: { unit: header.unit, parentBody: header.parentBody, place: header.place, date: header.issuedAt },
    type: 'LỊCH HỌP TRỰC TUYẾN',
    subject: weekSubject(s),
    landscape: true,
    fontSize: 13,
    title: `Lịch họp trực tuyến — ${weekSubject(s)}`,
    blocks: [
      {
        kind: 'table',
        fontSize: 11,
        columns: [
          { header: 'Thứ/ngày', width: 12, align: 'center' },
          { header: 'Giờ', width: 10, align: 'center' },
          { header: 'Nội dung', width: 30 },
          { header: 'Chủ trì', width: 16 },
          { header: 'Thành phần/điểm cầu', width: 18 },
          { header: 'Địa điểm', width: 14 },
        ],
        rows,
      },
      { kind: 'paragraph', text: [{ text: 'Ghi chú: ', bold: true, italic: true }, { text: 'các cuộc họp ghi "(Chờ phê duyệt)" chưa được lãnh đạo phê duyệt; lịch có thể thay đổi.', italic: true }] },
    ],
  };
}

export interface FeedMeeting extends ScheduleMeetingView {
  /** iCalendar SEQUENCE = version − 1 (R2.6). */
  version: number;
}

/** The iCalendar text of a feed: UID `<meetingId>@giaoban`, cancelled or rejected meetings STATUS:CANCELLED. */
export function scheduleIcs(meetings: FeedMeeting[], opts: { name: string }): string {
  const cal = ical({ name: opts.name, prodId: { company: 'GiaoBan', product: 'Lich hop', language: 'VI' }, method: ICalCalendarMethod.PUBLISH, ttl: 60 * 30 });
  for (const m of meetings) {
    const cancelled = m.status === 'cancelled' || m.approval === 'rejected';
    cal.createEvent({
      id: `${m.id}@giaoban`,
      sequence: Math.max(0, m.version - 1),
      start: new Date(m.startsAt),
      end: new Date(m.endsAt),
      summary: m.pending && !cancelled ? `${m.title} (chờ phê duyệt)` : m.title,
      description: [`Loại: ${typeLabel(m)}`, `Chủ trì: ${chairLine(m)}`, `Đơn vị chủ trì: ${m.hostUnit.name}`, `Thành phần/điểm cầu: ${participants(m).replace(/;\n/g, '; ')}`].join('\n'),
      location: place(m).replace(/;\n/g, '; '),
      status: cancelled ? ICalEventStatus.CANCELLED : m.pending ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}

export { civilToInstant };
