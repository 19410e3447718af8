/**
 * The conclusions notice as a Decree 30 document (VIETNAMESE-CONVENTIONS "Thông báo kết luận"), pure: issued by the
 * chair's office (the host unit), `THÔNG BÁO` / `Kết luận của [title, name] tại cuộc họp …`, the opening paragraph,
 * the conclusions numbered with each task, who does it and by when, the closing line, signed for the chair, and
 * `Nơi nhận:` the recipients.
 */
import type { AdminDocument, Block } from '../pdf/admin-document';

/** `2027-01-05` → `05/01/2027`. */
export const civilDate = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

export interface NoticeFacts {
  hostUnit: { name: string; parentName: string | null };
  place: string;
  meetingTitle: string;
  chair: { name: string; title: string } | null;
  number: string;
  /** The date the notice carries: its issue, or today for a draft. */
  date: Date;
  opening: string;
  conclusions: { text: string; tasks: { description: string; assignee: string; deadline: string }[] }[];
  signer: { authority: string; title: string; name: string };
  recipients: string[];
}

const withTitle = (p: { name: string; title: string }) => [p.title, p.name].filter(Boolean).join(' ');

export function noticeSubject(meetingTitle: string, chair: NoticeFacts['chair']): string {
  return chair ? `Kết luận của ${withTitle(chair)} tại cuộc họp ${meetingTitle}` : `Kết luận tại cuộc họp ${meetingTitle}`;
}

export function noticeDocument(f: NoticeFacts): AdminDocument {
  const blocks: Block[] = [{ kind: 'paragraph', text: f.opening }];
  const concluder = f.chair ? withTitle(f.chair) : 'người chủ trì';
  blocks.push({ kind: 'paragraph', text: `Sau khi nghe báo cáo và ý kiến của các đại biểu dự họp, ${concluder} kết luận như sau:` });
  f.conclusions.forEach((c, i) => {
    blocks.push({ kind: 'paragraph', text: [{ text: `${i + 1}. `, bold: true }, { text: c.text }] });
    if (c.tasks.length)
      blocks.push({
        kind: 'list',
        items: c.tasks.map((t) => [{ text: `${t.assignee}: `, bold: true }, { text: `${t.description.replace(/[.;]\s*$/, '')}; ` }, { text: `thời hạn hoàn thành: ${civilDate(t.deadline)}.`, italic: true }]),
      });
  });
  blocks.push({ kind: 'paragraph', text: `${f.hostUnit.name} thông báo để các cơ quan, đơn vị, cá nhân liên quan biết, thực hiện./.` });
  return {
    header: { parentBody: f.hostUnit.parentName ?? undefined, unit: f.hostUnit.name, number: f.number || undefined, place: f.place, date: f.date },
    type: 'Thông báo',
    subject: noticeSubject(f.meetingTitle, f.chair),
    blocks,
    signature: { authority: f.signer.authority || undefined, title: f.signer.title, name: f.signer.name },
    recipients: f.recipients,
  };
}
