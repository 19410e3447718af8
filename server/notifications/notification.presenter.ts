import type { NotificationView } from '../../shared/api';
import type { NotificationRow } from './notification.repository';

export const presentNotification = (n: NotificationRow): NotificationView => ({
  id: n.id,
  kind: n.kind,
  data: n.data,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt ? n.readAt.toISOString() : null,
});
