/**
 * The attendance record (R4.3, M9.3: participation confirmed, the basis for paying allowances) as a Decree 30
 * document: everyone invited — present with their times, absent with or without a reason, substitutes and whom they
 * replaced — others who attended, and the people in each meeting room as its technician entered them; signed by
 * whoever confirms it, then by the chair.
 */
import type { AdminDocument, SignatureBlock } from '../pdf/admin-document';
import { vnLongDate, vnTime } from '../pdf/vn-date';
import type { AttendanceLine, AttendancePerson } from './attendance';

export interface AttendanceRecordInput {
  meeting: { title: string; startsAt: Date; endedAt: Date | null; endsAt: Date };
  hostUnit: { name: string; parentName: string | null };
  place: string;
  issuedAt: Date;
  chair: AttendancePerson;
  confirmer: AttendancePerson & { role: string };
  invitees: AttendancePerson[];
  replies: { inviteeId: string; answer: 'attending' | 'declined' | 'substitute'; reason: string; substituteId: string | null; substituteStatus: 'proposed' | 'approved' | 'refused' | null }[];
  lines: AttendanceLine[];
  rooms: { name: string; people: { name: string; title: string }[] }[];
}

const collator = new Intl.Collator('vi');
/** Vietnamese order: by the given name (the last word), then the rest. */
export const byGivenName = (a: { name: string }, b: { name: string }) => {
  const given = (n: string) => n.trim().split(/\s+/).pop() ?? '';
  return collator.compare(given(a.name), given(b.name)) || collator.compare(a.name, b.name);
};

const span = (l: AttendanceLine) => `${vnTime(l.firstJoin)}–${l.lastLeave ? vnTime(l.lastLeave) : '…'}`;

export function attendanceRecordDocument(input: AttendanceRecordInput): AdminDocument {
  const lineOf = new Map(input.lines.map((l) => [l.userId, l]));
  const replyOf = new Map(input.replies.map((r) => [r.inviteeId, r]));
  const replaced = new Map(input.replies.filter((r) => r.answer === 'substitute' && r.substituteStatus === 'approved' && r.substituteId).map((r) => [r.substituteId!, r.inviteeId]));
  // the chair heads the list: their presence counts as anyone's
  const invitees = [input.chair, ...input.invitees.filter((p) => p.id !== input.chair.id)];
  const nameOf = new Map(invitees.map((p) => [p.id, p.name]));
  const invitedIds = new Set(invitees.map((p) => p.id));
  let present = 0;
  const rows = [input.chair, ...[...invitees.slice(1)].sort(byGivenName)].map((p, i) => {
    const line = lineOf.get(p.id);
    const reply = replyOf.get(p.id);
    const notes: string[] = [];
    const forWhom = replaced.get(p.id);
    if (p.id === input.chair.id) notes.push('Chủ trì');
    if (forWhom) notes.push(`Dự thay ${nameOf.get(forWhom) ?? ''}`.trim());
    let status: string;
    if (line) {
      present += 1;
      status = `Có mặt (${span(line)})`;
      if (line.leftEarly) notes.push(line.leftWithConsent ? 'Rời sớm, được chủ tọa đồng ý' : 'Rời sớm, không được đồng ý');
    } else if (reply?.answer === 'substitute' && reply.substituteStatus === 'approved') {
      status = 'Vắng, cử người dự thay';
      notes.push(`Người dự thay: ${invitees.find((x) => x.id === reply.substituteId)?.name ?? ''}${reply.reason ? `; lý do: ${reply.reason}` : ''}`);
    } else if (reply && reply.answer !== 'attending' && reply.reason) {
      status = 'Vắng, có lý do';
      notes.push(reply.reason);
    } else {
      status = 'Vắng, không có lý do';
    }
    return [String(i + 1), p.name, [p.title, p.unitName].filter(Boolean).join(', '), status, notes.join('; ')];
  });
  const others = input.lines
    .filter((l) => !invitedIds.has(l.userId))
    .sort(byGivenName)
    .map((l, i) => [String(i + 1), l.name, [l.title, l.unit].filter(Boolean).join(', '), `Có mặt (${span(l)})`, l.endpoint ?? '']);
  const roomRows = input.rooms.flatMap((room) => [...room.people].sort(byGivenName).map((p) => [room.name, p.name, p.title]));
  roomRows.forEach((r, i) => r.unshift(String(i + 1)));
  const columns = [
    { header: 'STT', width: 6, align: 'center' as const },
    { header: 'Họ và tên', width: 24 },
    { header: 'Chức vụ, đơn vị', width: 28 },
    { header: 'Tham dự', width: 20 },
    { header: 'Ghi chú', width: 22 },
  ];
  const when = input.meeting.endedAt ?? input.meeting.endsAt;
  const firstJoin = input.lines.reduce<Date | null>((min, l) => (!min || l.firstJoin < min ? l.firstJoin : min), null);
  const from = firstJoin && firstJoin < input.meeting.startsAt ? firstJoin : input.meeting.startsAt;
  const signatures: SignatureBlock[] = [{ title: input.confirmer.role === 'secretary' ? 'Thư ký' : 'Người lập danh sách', name: input.confirmer.name }];
  if (input.chair.id !== input.confirmer.id) signatures.push({ title: 'Chủ tọa', name: input.chair.name });
  return {
    header: { parentBody: input.hostUnit.parentName ?? undefined, unit: input.hostUnit.name, place: input.place, date: input.issuedAt },
    type: 'Danh sách',
    subject: `Xác nhận tham dự cuộc họp trực tuyến: ${input.meeting.title}`,
    blocks: [
      {
        kind: 'paragraph',
        text: `Cuộc họp trực tuyến «${input.meeting.title}» do ${[input.chair.title, input.chair.name].filter(Boolean).join(' ')} chủ trì, từ ${vnTime(from)} đến ${vnTime(when)} ${vnLongDate(from)}. Thành phần được mời: ${invitees.length} người, có mặt ${present} người. Danh sách này là căn cứ thanh toán chế độ theo Điều 9 khoản 3 Quy chế tổ chức họp trực tuyến.`,
      },
      { kind: 'paragraph', text: [{ text: 'I. Thành phần được mời', bold: true }], indent: false },
      { kind: 'table', columns, rows, fontSize: 11 },
      ...(others.length
        ? [
            { kind: 'paragraph' as const, text: [{ text: 'II. Người tham dự khác (được chủ tọa cho vào, cán bộ kỹ thuật)', bold: true }], indent: false },
            { kind: 'table' as const, columns: [...columns.slice(0, 4), { header: 'Điểm cầu', width: 22 }], rows: others, fontSize: 11 },
          ]
        : []),
      { kind: 'paragraph', text: [{ text: `${others.length ? 'III' : 'II'}. Người dự tại các phòng họp (do cán bộ kỹ thuật của phòng nhập)`, bold: true }], indent: false },
      roomRows.length
        ? { kind: 'table', columns: [{ header: 'STT', width: 6, align: 'center' }, { header: 'Phòng họp', width: 30 }, { header: 'Họ và tên', width: 32 }, { header: 'Chức vụ', width: 32 }], rows: roomRows, fontSize: 11 }
        : { kind: 'paragraph', text: 'Không có phòng họp nào nhập danh sách người dự.' },
    ],
    signatures,
  };
}
