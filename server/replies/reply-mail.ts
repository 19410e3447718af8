/**
 * The short Vietnamese mails of replies (R2.5, D8.3): a reminder to answer, a substitute told they may attend, a
 * proposer told the chair's decision. Pure. They carry the meeting's link address, never its password (which
 * travels by a secure channel, M8.1b).
 */
import type { OutgoingMail } from '../mail/mail.service';

export interface MailMeeting {
  id: string;
  title: string;
  slug: string;
  startsAt: Date;
}

export const REMINDER_KIND = 'reply_reminder';
export const SUBSTITUTE_APPROVED_KIND = 'reply_substitute_approved';
export const SUBSTITUTE_DECIDED_KIND = 'reply_substitute_decided';

const pad = (n: number) => String(n).padStart(2, '0');
/** `HH:mm ngày dd/MM/yyyy` in Hà Nội (UTC+7 all year). */
export function vnDateTime(at: Date): string {
  const d = new Date(at.getTime() + 7 * 3_600_000);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} ngày ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

export const meetingLink = (baseUrl: string, slug: string) => `${baseUrl.replace(/\/+$/, '')}/${slug}`;

const closing = '\n\nTrân trọng.\n(Thư gửi tự động từ hệ thống họp trực tuyến GiaoBan.)';

interface Recipient {
  id: string;
  name: string;
  email: string;
}

/** A reminder to a person who has not answered, or to an organiser for their unit. */
export function reminderMail(m: MailMeeting, to: Recipient, baseUrl: string, forUnit?: string): OutgoingMail {
  const who = forUnit ? `Đơn vị ${forUnit} chưa` : 'Đồng chí chưa';
  return {
    meetingId: m.id,
    userId: to.id,
    kind: REMINDER_KIND,
    to: to.email,
    subject: `Đề nghị xác nhận tham dự: ${m.title}`,
    text:
      `Kính gửi đồng chí ${to.name},\n\n${who} trả lời giấy mời họp “${m.title}”, bắt đầu lúc ${vnDateTime(m.startsAt)}.\n` +
      `Đề nghị xác nhận tham dự, không tham dự (nêu lý do) hoặc cử người dự thay tại địa chỉ: ${meetingLink(baseUrl, m.slug)}` +
      closing,
  };
}

/** The substitute the chair approved: they enter the meeting directly, like any invitee. */
export function substituteApprovedMail(m: MailMeeting, to: Recipient, baseUrl: string, replaces: string): OutgoingMail {
  return {
    meetingId: m.id,
    userId: to.id,
    kind: SUBSTITUTE_APPROVED_KIND,
    to: to.email,
    subject: `Dự họp thay: ${m.title}`,
    text:
      `Kính gửi đồng chí ${to.name},\n\nChủ trì đã đồng ý để đồng chí dự họp thay ${replaces} tại cuộc họp “${m.title}”, bắt đầu lúc ${vnDateTime(m.startsAt)}.\n` +
      `Địa chỉ vào họp: ${meetingLink(baseUrl, m.slug)}\nMật khẩu cuộc họp được gửi riêng qua kênh an toàn.` +
      closing,
  };
}

/** The proposer told the chair's decision on their substitute (with the chair's reason when refused). */
export function substituteDecidedMail(m: MailMeeting, to: Recipient, baseUrl: string, substitute: string, decision: 'approve' | 'refuse', reason: string): OutgoingMail {
  const body =
    decision === 'approve'
      ? `Chủ trì đã đồng ý để đồng chí ${substitute} dự họp thay tại cuộc họp “${m.title}”.`
      : `Chủ trì không đồng ý để đồng chí ${substitute} dự họp thay tại cuộc họp “${m.title}”.\nLý do: ${reason}\nĐề nghị trả lời lại giấy mời tại: ${meetingLink(baseUrl, m.slug)}`;
  return {
    meetingId: m.id,
    userId: to.id,
    kind: SUBSTITUTE_DECIDED_KIND,
    to: to.email,
    subject: `${decision === 'approve' ? 'Đồng ý' : 'Không đồng ý'} người dự họp thay: ${m.title}`,
    text: `Kính gửi đồng chí ${to.name},\n\n${body}` + closing,
  };
}
