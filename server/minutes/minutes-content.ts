/**
 * The BIÊN BẢN (minutes) of a meeting as a Decree 30/2020 document (Appendix III form, VIETNAMESE-CONVENTIONS.md):
 * opening time and place, chair, secretary, who attended and who was absent with their reasons, the content item by
 * item (who presented, who spoke when and what), the votes and their results, the chair's conclusions, the closing
 * line, then `THƯ KÝ` on the left and `CHỦ TỌA` on the right. Pure: the view in, the document out; the PDF and the
 * DOCX are laid out from the same document.
 */
import type { MinutesEntryView, MinutesView } from '../../shared/api';
import type { AdminDocument, Block, RichText } from '../pdf/admin-document';
import { vnLongDate, vnTime } from '../pdf/vn-date';

export interface MinutesDocumentInput {
  view: MinutesView;
  parentBody?: string;
  /** Địa danh (Decree 30/2020). */
  place: string;
}

const person = (p: { name: string; title: string }) => [p.title, p.name].filter(Boolean).join(' ');
const minutesOf = (ms: number) => Math.max(1, Math.round(ms / 60_000));
const hourMinute = (at: Date) => vnTime(at).replace(':', ' giờ ');

/** A paragraph, with its speaker and time on the floor first when it is an opinion. */
export function entryText(e: MinutesEntryView): RichText {
  if (!e.floorTurn) return e.text;
  const when = `phát biểu lúc ${vnTime(new Date(e.floorTurn.at))}${e.floorTurn.spokeMs !== null ? `, ${minutesOf(e.floorTurn.spokeMs)} phút` : ''}`;
  return [{ text: `${e.floorTurn.speaker}`, bold: true }, { text: ` (${when}): ` }, { text: e.text }];
}

export function minutesDocument({ view, parentBody, place }: MinutesDocumentInput): AdminDocument {
  const h = view.header;
  const starts = new Date(h.startsAt);
  const blocks: Block[] = [];
  const p = (text: RichText, indent = true) => blocks.push({ kind: 'paragraph', text, indent });
  const heading = (text: string) => blocks.push({ kind: 'paragraph', text: [{ text, bold: true }], indent: false });

  p(`Thời gian: bắt đầu lúc ${hourMinute(starts)}, ${vnLongDate(starts)}.`);
  p(`Địa điểm: họp trực tuyến tại địa chỉ ${h.place}.`);
  p([{ text: 'Chủ trì (chủ tọa): ' }, { text: person(h.chair), bold: true }, { text: '.' }]);
  p(`Thư ký: ${h.secretary ? person(h.secretary) : '…'}.`);
  p(`Thành phần tham dự (${h.attended.length}):`);
  if (h.attended.length) blocks.push({ kind: 'list', items: h.attended.map((a) => `${person(a)}${a.unit ? ` (${a.unit})` : ''};`) });
  p(`Vắng mặt (${h.absent.length})${h.absent.length ? ':' : ': không.'}`);
  if (h.absent.length) blocks.push({ kind: 'list', items: h.absent.map((a) => `${person(a)}${a.unit ? ` (${a.unit})` : ''}: ${a.reason || 'không có lý do'};`) });
  if (view.draft) p(`Dự thảo biên bản chuẩn bị trước: ${view.draft.name}.`);

  heading('NỘI DUNG CUỘC HỌP');
  const bySection = (section: string) => view.entries.filter((e) => e.section === section);
  for (const e of bySection('opening')) p(entryText(e));
  view.agenda.forEach((item, i) => {
    heading(`${i + 1}. ${item.title}${item.presenter ? ` (trình bày: ${item.presenter})` : ''}`);
    const entries = bySection(item.id);
    if (!entries.length) p('(không ghi nhận ý kiến)');
    for (const e of entries) p(entryText(e));
    const concluded = view.conclusions.filter((c) => c.agendaItemId === item.id);
    for (const c of concluded) p([{ text: 'Kết luận: ', italic: true }, { text: c.text }]);
  });
  const other = bySection('other');
  if (other.length) {
    heading(`${view.agenda.length + 1}. Các ý kiến khác`);
    for (const e of other) p(entryText(e));
  }

  if (view.votes.length) {
    heading('KẾT QUẢ BIỂU QUYẾT');
    for (const v of view.votes) {
      p([{ text: v.question, bold: true }, { text: ` (${v.secret ? 'bỏ phiếu kín' : 'biểu quyết công khai'}, kết thúc lúc ${vnTime(new Date(v.closedAt))}): ${v.voted}/${v.electorate} đã biểu quyết.` }]);
      blocks.push({ kind: 'list', items: v.counts.map((c) => `${c.choice}: ${c.count}${v.voted ? ` (${Math.round((c.count / v.voted) * 1000) / 10}%)`.replace('.', ',') : ''};`) });
    }
  }

  heading('KẾT LUẬN CỦA CHỦ TỌA');
  if (view.conclusions.length) {
    blocks.push({ kind: 'list', items: view.conclusions.map((c, i) => `${i + 1}. ${c.text}`), bullet: '' });
  } else if (view.conclusionsNoneAt) {
    p(`Chủ tọa xác nhận cuộc họp không có kết luận (lúc ${vnTime(new Date(view.conclusionsNoneAt))}).`);
  } else p('(chưa có)');

  if (h.endedAt) p(`Cuộc họp kết thúc vào ${hourMinute(new Date(h.endedAt))} cùng ngày, ${vnLongDate(new Date(h.endedAt))}./.`);

  return {
    header: { parentBody, unit: h.hostUnit, place, date: h.endedAt ? new Date(h.endedAt) : starts },
    type: 'Biên bản',
    subject: `Cuộc họp ${h.title}`,
    blocks,
    // THƯ KÝ on the left, CHỦ TỌA on the right (Decree 30/2020, Appendix III), signed in that order
    signatures: [
      { title: 'Thư ký', name: h.secretary?.name ?? '' },
      { title: 'Chủ tọa', name: h.chair.name },
    ],
    fontSize: 14,
  };
}
