/**
 * What an invitation says (R2.4, D19.3), in every form: the mail's text and HTML, the giấy mời PDF (Decree 30/2020)
 * and the iCalendar file (RFC 5545/5546: METHOD REQUEST, a stable UID, SEQUENCE = version − 1, CANCEL when
 * cancelled). Pure functions of `InvitationFacts`; the password appears only when the caller passes it (the mails of
 * a send, never the files served from the meeting page).
 */
import ical, { ICalAlarmType, ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { AdminDocument, Block, Run } from '../pdf/admin-document';
import { vnDateTime, vnLongDate, vnTime } from '../pdf/vn-date';
import type { RecipientRole } from './invitation.repository';

/** D19.3: endpoints check their system at least 1 hour before the opening; the default check time. */
export const DEFAULT_CHECK_LEAD_MS = 3_600_000;

export interface InvitationFacts {
  meetingId: string;
  title: string;
  type: string;
  typeNote: string;
  hostUnit: { name: string; parentName: string | null };
  /** Địa danh of the document's header (the province or city), from the root of the unit tree. */
  place: string;
  chair: { name: string; title: string };
  startsAt: Date;
  endsAt: Date;
  /** meetings.checkAt, or 1 hour before the start. */
  checkAt: Date;
  backdropText: string;
  /** `${PUBLIC_URL}/${slug}` */
  link: string;
  /** Where an invitee confirms, declines or sends a substitute (R2.5): `${PUBLIC_URL}/meetings/${id}/replies`. */
  replyUrl: string;
  /** The chair endpoint's technician (D19.3). */
  technician: { name: string; phone: string; email: string; contact: string } | null;
  agenda: { title: string; presenter: string; minutes: number }[];
  documents: { name: string; url: string }[];
  units: string[];
  endpoints: string[];
  /** meetings.version: SEQUENCE is version − 1. */
  version: number;
  cancelled: boolean;
  cancelReason: string;
  /** Who sends the mails: the host unit's name closes them. */
  organizer: { name: string; email: string };
  /**
   * Who signs the giấy mời (the person who sent the invitations, or the meeting's creator before a send): their
   * title and name close the document (Decree 30/2020) and they are the calendar entry's ORGANIZER, a real mailbox.
   */
  signer: { name: string; title: string; email: string };
  /** `Kính gửi`: the invited units, then the people invited by name (title and name). */
  addressees: string[];
  /** When the document is issued (the date in its header). */
  issuedAt: Date;
}

/** D5 meeting types as an invitation names them. */
const TYPE_LABELS: Record<string, string> = {
  socio_economic_briefing: 'Giao ban kinh tế - xã hội',
  traffic_safety: 'Ban An toàn giao thông',
  flood_storm_control: 'Phòng, chống thiên tai và tìm kiếm cứu nạn',
  professional: 'Họp chuyên môn',
  government_ministry: 'Họp với Chính phủ, các Bộ, ngành Trung ương',
  training: 'Tập huấn',
  review_conference: 'Hội nghị sơ kết, tổng kết',
  other: 'Khác',
};
export const typeLabel = (f: Pick<InvitationFacts, 'type' | 'typeNote'>) => (f.type === 'other' && f.typeNote ? f.typeNote : (TYPE_LABELS[f.type] ?? f.type));

const chairLine = (f: InvitationFacts) => [f.chair.title, f.chair.name].filter(Boolean).join(' ');
const technicianLine = (f: InvitationFacts) =>
  f.technician
    ? [f.technician.name, f.technician.phone && `ĐT: ${f.technician.phone}`, f.technician.contact && f.technician.contact !== f.technician.phone && f.technician.contact, f.technician.email && `Email: ${f.technician.email}`]
        .filter(Boolean)
        .join(', ')
    : 'Văn phòng đơn vị chủ trì (chưa phân công cán bộ kỹ thuật)';
const presenterMinutes = (a: InvitationFacts['agenda'][number]) => [a.presenter && `trình bày: ${a.presenter}`, `${a.minutes} phút`].filter(Boolean).join('; ');

/** The facts as labelled lines, the same in the mail, the PDF and the calendar description. */
export function factLines(f: InvitationFacts, opts: { password?: string; role?: RecipientRole } = {}): [label: string, value: string][] {
  const technical = opts.role === 'technician' || opts.role === 'room' || opts.role === 'chair_technician';
  const lines: [string, string][] = [
    ['Nội dung', f.title],
    ['Loại cuộc họp', typeLabel(f)],
    ['Đơn vị chủ trì', f.hostUnit.name],
    ['Chủ trì', chairLine(f)],
    ['Thời gian khai mạc', vnDateTime(f.startsAt)],
    ['Thời gian kết thúc', vnDateTime(f.endsAt)],
    ['Kiểm tra kỹ thuật tại các điểm cầu', `${vnDateTime(f.checkAt)} (trước giờ khai mạc ít nhất 01 giờ)`],
    ['Nội dung phông/maket', f.backdropText || '(không có)'],
    ['Cán bộ kỹ thuật điểm cầu chủ trì', technicianLine(f)],
    ['Địa chỉ phòng họp trực tuyến', f.link],
  ];
  if (opts.password) lines.push(['Mật khẩu cuộc họp', opts.password]);
  if (technical) lines.unshift(['LƯU Ý CÁN BỘ KỸ THUẬT', `kiểm tra hệ thống lúc ${vnDateTime(f.checkAt)}`]);
  return lines;
}

export type NoticeKind = 'invitation' | 'updated' | 'postponed' | 'cancelled';
const SUBJECT_PREFIX: Record<NoticeKind, string> = { invitation: 'Giấy mời', updated: '[Thay đổi] Giấy mời', postponed: '[Hoãn] Giấy mời', cancelled: '[Hủy] Giấy mời' };

export function mailSubject(f: InvitationFacts, kind: NoticeKind): string {
  return `${SUBJECT_PREFIX[kind]}: ${f.title} — ${vnTime(f.startsAt)} ${vnLongDate(f.startsAt)}`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The mail's text and HTML (same content). */
export function mailBody(f: InvitationFacts, opts: { kind: NoticeKind; password?: string; role?: RecipientRole; reason?: string; recipientName?: string }): { text: string; html: string } {
  const intro: Record<NoticeKind, string> = {
    invitation: `${f.hostUnit.name} trân trọng kính mời tham dự cuộc họp trực tuyến sau:`,
    updated: `${f.hostUnit.name} thông báo thay đổi cuộc họp trực tuyến sau (giấy mời đã gửi được thay thế):`,
    postponed: `${f.hostUnit.name} thông báo hoãn cuộc họp trực tuyến sau sang thời gian mới:`,
    cancelled: `${f.hostUnit.name} thông báo hủy cuộc họp trực tuyến sau:`,
  };
  const lines = factLines(f, { password: opts.password, role: opts.role });
  if (!opts.password && (opts.kind === 'updated' || opts.kind === 'postponed')) lines.push(['Mật khẩu cuộc họp', 'như giấy mời đã gửi']);
  // one named by an invited unit after the invitations went out, whose organiser did not retype the password
  if (!opts.password && opts.kind === 'invitation') lines.push(['Mật khẩu cuộc họp', 'do văn phòng đơn vị cử đồng chí tham dự cung cấp']);
  const agenda = f.agenda.map((a, i) => `${i + 1}. ${a.title} (${presenterMinutes(a)})`);
  const docs = f.documents.map((d) => `- ${d.name}: ${d.url}`);
  const greeting = opts.recipientName ? `Kính gửi: ${opts.recipientName}` : 'Kính gửi: Quý đại biểu';
  const reason = opts.reason ? `Lý do: ${opts.reason}` : '';
  const closing = opts.kind === 'cancelled' ? 'Trân trọng thông báo.' : 'Đại biểu tham dự tại điểm cầu cá nhân vui lòng vào phòng họp trước giờ khai mạc ít nhất 10 phút để kiểm tra kết nối.';
  // R2.5: where to answer; after a postponement the answers given stand, and whoever cannot come at the new time says so
  const answer: Record<NoticeKind, string> = {
    invitation: `Xác nhận tham dự, báo vắng hoặc cử người dự thay tại: ${f.replyUrl}`,
    updated: `Nếu thay đổi này ảnh hưởng đến việc tham dự, đề nghị trả lời lại tại: ${f.replyUrl}`,
    postponed: `Đại biểu đã xác nhận tham dự nhưng không thể dự vào thời gian mới, đề nghị báo vắng hoặc cử người dự thay tại: ${f.replyUrl}`,
    cancelled: '',
  };
  const text = [
    greeting,
    '',
    intro[opts.kind],
    ...(reason ? [reason] : []),
    '',
    ...lines.map(([l, v]) => `${l}: ${v}`),
    ...(agenda.length ? ['', 'Chương trình:', ...agenda] : []),
    ...(docs.length ? ['', 'Tài liệu:', ...docs] : []),
    '',
    ...(answer[opts.kind] ? [answer[opts.kind], ''] : []),
    closing,
    '',
    `Tệp đính kèm: invite.ics (lịch), giay-moi.pdf (giấy mời).`,
    `-- ${f.organizer.name}`,
  ].join('\n');
  const li = (items: string[]) => `<ul>${items.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>`;
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(intro[opts.kind])}</p>`,
    reason ? `<p><strong>${escapeHtml(reason)}</strong></p>` : '',
    `<table cellpadding="4" style="border-collapse:collapse">${lines.map(([l, v]) => `<tr><th align="left" valign="top">${escapeHtml(l)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`,
    agenda.length ? `<p><strong>Chương trình</strong></p>${li(agenda)}` : '',
    docs.length ? `<p><strong>Tài liệu</strong></p><ul>${f.documents.map((d) => `<li><a href="${escapeHtml(d.url)}">${escapeHtml(d.name)}</a></li>`).join('')}</ul>` : '',
    answer[opts.kind] ? `<p>${escapeHtml(answer[opts.kind])}</p>` : '',
    `<p>${escapeHtml(closing)}</p>`,
    `<p>— ${escapeHtml(f.organizer.name)}</p>`,
  ].join('\n');
  return { text, html };
}

/** The giấy mời (Decree 30/2020 form) as the PDF module lays it out. */
export function invitationDocument(f: InvitationFacts, opts: { password?: string } = {}): AdminDocument {
  const label = (l: string, v: string): Block => ({ kind: 'paragraph', text: [{ text: `${l}: `, bold: true }, { text: v }] as Run[] });
  const facts = factLines(f, { password: opts.password }).filter(([l]) => l !== 'Nội dung');
  const blocks: Block[] = [
    { kind: 'paragraph', text: `${f.hostUnit.name} trân trọng kính mời tham dự cuộc họp trực tuyến ${f.title}, do ${chairLine(f)} chủ trì.` },
    ...facts.map(([l, v]) => label(l, v)),
  ];
  if (f.cancelled) blocks.unshift({ kind: 'paragraph', text: [{ text: `CUỘC HỌP ĐÃ HỦY. ${f.cancelReason ? `Lý do: ${f.cancelReason}` : ''}`, bold: true }] });
  if (f.agenda.length) blocks.push({ kind: 'paragraph', text: [{ text: 'Chương trình:', bold: true }] }, { kind: 'list', items: f.agenda.map((a, i) => `${i + 1}. ${a.title} (${presenterMinutes(a)})`), bullet: '' });
  if (f.documents.length) blocks.push({ kind: 'paragraph', text: [{ text: 'Tài liệu:', bold: true }] }, { kind: 'list', items: f.documents.map((d) => `${d.name}: ${d.url}`) });
  if (f.endpoints.length) blocks.push(label('Các điểm cầu', f.endpoints.join('; ')));
  blocks.push({ kind: 'paragraph', text: 'Đại biểu tham dự tại điểm cầu cá nhân vào phòng họp trước giờ khai mạc ít nhất 10 phút để kiểm tra kết nối. Rất mong các đồng chí tham dự đúng thời gian./.' });
  return {
    header: { parentBody: f.hostUnit.parentName ?? undefined, unit: f.hostUnit.name, place: f.place, date: f.issuedAt },
    type: 'Giấy mời',
    subject: `Dự cuộc họp trực tuyến: ${f.title}`,
    addressees: f.addressees,
    blocks,
    // The signer's own title when known; without one, signed by order of the head of the issuing unit.
    signature: f.signer.title ? { title: f.signer.title, name: f.signer.name } : { authority: 'TL. Thủ trưởng đơn vị', title: f.hostUnit.name, name: f.signer.name },
    // "Như trên" stands for the `Kính gửi` list, so only under one.
    recipients: f.addressees.length ? ['Như trên;'] : [],
    title: `Giấy mời — ${f.title}`,
  };
}

export interface IcsAttendee {
  name: string;
  email: string;
  role?: RecipientRole;
}

/**
 * The iCalendar file: REQUEST (mails), CANCEL (a cancelled meeting) or PUBLISH (downloaded from the meeting page).
 * Times in UTC. Alarms: 10 minutes before (M6.1), and at the check time for technicians and rooms (D19.3). The
 * ORGANIZER is the person who signed the invitation and attendees are not asked to RSVP: answers are given on the
 * reply page, whose address the description carries.
 */
export function invitationIcs(f: InvitationFacts, opts: { method: 'REQUEST' | 'CANCEL' | 'PUBLISH'; attendees: IcsAttendee[]; password?: string; technical?: boolean }): string {
  const method = f.cancelled || opts.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : opts.method === 'PUBLISH' ? ICalCalendarMethod.PUBLISH : ICalCalendarMethod.REQUEST;
  const cal = ical({ prodId: { company: 'GiaoBan', product: 'giaoban', language: 'VI' }, method, name: f.title });
  const event = cal.createEvent({
    id: `${f.meetingId}@giaoban`,
    sequence: Math.max(0, f.version - 1),
    start: f.startsAt,
    end: f.endsAt,
    stamp: f.issuedAt,
    summary: f.title,
    location: f.link,
    url: f.link,
    description: [
      ...(f.cancelled ? [`ĐÃ HỦY${f.cancelReason ? `: ${f.cancelReason}` : ''}`] : []),
      ...factLines(f, { password: opts.password }).map(([l, v]) => `${l}: ${v}`),
      ...(f.cancelled ? [] : [`Xác nhận tham dự, báo vắng hoặc cử người dự thay tại: ${f.replyUrl}`]),
    ].join('\n'),
    // A real person's mailbox: whoever signed the invitation, not the system's sender address.
    organizer: { name: [f.signer.title, f.signer.name].filter(Boolean).join(' '), email: f.signer.email },
    status: f.cancelled || method === ICalCalendarMethod.CANCEL ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  // RSVP=FALSE: answers go through the reply page (R2.5), the system reads no calendar replies.
  for (const a of opts.attendees) {
    event.createAttendee({ name: a.name, email: a.email, role: a.role === 'chair' ? ICalAttendeeRole.CHAIR : ICalAttendeeRole.REQ, status: ICalAttendeeStatus.NEEDSACTION, rsvp: false });
  }
  if (method !== ICalCalendarMethod.CANCEL) {
    event.createAlarm({ type: ICalAlarmType.display, triggerBefore: 10 * 60, description: `${f.title}: vào phòng họp trước 10 phút` });
    if (opts.technical) event.createAlarm({ type: ICalAlarmType.display, triggerBefore: Math.max(0, Math.round((f.startsAt.getTime() - f.checkAt.getTime()) / 1000)), description: `${f.title}: kiểm tra kỹ thuật điểm cầu` });
  }
  return cal.toString();
}

/**
 * The địa danh of a document (Decree 30/2020: the province or city where the body sits) from the name of the root of
 * the unit tree: `UBND tỉnh Lâm Đồng` → `Lâm Đồng`; a ministry (`Bộ …`) keeps `Hà Nội`.
 */
export function placeOf(rootUnitName: string): string {
  const name = rootUnitName.trim();
  if (/^bộ\s/i.test(name)) return 'Hà Nội';
  const m = name.match(/^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:tỉnh|thành phố|TP\.?)\s+(.+)$/i);
  return m ? m[1]! : name;
}
