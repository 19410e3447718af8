/**
 * In-app notices: each person reads only their own. Other domains announce through `notify`, inside the
 * transaction of the change they announce, so a change and its announcement exist together or not at all.
 */
import type { NotificationsResponse } from '../../shared/api';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import type { Actor } from '../organisation/organisation.policy';
import { presentNotification } from './notification.presenter';
import type { NotificationRepository } from './notification.repository';

/** How many notices the bell shows; older ones stay in the table. */
const LIST_LIMIT = 50;

export class NotificationService {
  constructor(private readonly repo: NotificationRepository) {}

  /** One notice per recipient (duplicates dropped); `data` per recipient when it differs. */
  async notify(tx: Db | Tx, recipients: { userId: string; kind: string; data: Record<string, unknown> }[]): Promise<void> {
    const seen = new Set<string>();
    const rows = recipients.filter((r) => (seen.has(r.userId) ? false : (seen.add(r.userId), true)));
    await this.repo.insertMany(rows, tx);
  }

  async list(actor: Actor): Promise<NotificationsResponse> {
    const [rows, unread] = await Promise.all([this.repo.listFor(actor.id, LIST_LIMIT), this.repo.unreadCount(actor.id)]);
    return { notifications: rows.map(presentNotification), unread };
  }

  async markRead(actor: Actor, id: number): Promise<void> {
    // Someone else's notice is "not found", never "forbidden": its existence is not revealed.
    if (!(await this.repo.markRead(id, actor.id))) throw new AppError('notification_not_found');
  }

  markAllRead(actor: Actor): Promise<void> {
    return this.repo.markAllRead(actor.id);
  }
}
