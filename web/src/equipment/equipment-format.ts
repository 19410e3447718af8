/** The bell's words for equipment notices (R5.3): a checklist found items not ok. */
import type { NotificationView } from '../../../shared/api';
import { t } from '../i18n';

const isEquipmentNotice = (n: NotificationView) => n.kind === 'equipment.checklist_not_ok';

export function equipmentNoticeText(n: NotificationView): string | null {
  if (!isEquipmentNotice(n)) return null;
  return t(n.data.phase === 'after' ? 'checklist.notice.after' : 'checklist.notice.before', {
    endpoint: String(n.data.endpoint ?? ''),
    meeting: String(n.data.meetingTitle ?? ''),
    count: Number(n.data.notOk ?? 0),
  });
}

export function equipmentNoticeLink(n: NotificationView): string | null {
  return isEquipmentNotice(n) && typeof n.data.meetingId === 'string' ? `/meetings/${n.data.meetingId}/checklist` : null;
}
