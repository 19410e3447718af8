/**
 * Feedback and requests for improvement (R5.5, D16.2d): anyone with an account in a unit sends one for their unit;
 * the operators are told at once (the bell); an operator answers, optionally closing it, and the sender is told.
 * The operator sees all, an organiser their units', others their own. Audited.
 */
import type { z } from 'zod';
import type { answerFeedbackBody, FeedbackStatus, FeedbackView, sendFeedbackBody } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { NotificationService } from '../notifications/notification.service';
import type { Actor } from '../organisation/organisation.policy';
import { feedbackPolicy } from './feedback.policy';
import type { FeedbackListed, FeedbackRepository } from './feedback.repository';

export function presentFeedback(r: FeedbackListed): FeedbackView {
  return {
    id: r.id,
    kind: r.kind,
    subject: r.subject,
    body: r.body,
    status: r.status,
    unit: { id: r.unitId, name: r.unitName },
    author: { id: r.authorId, name: r.authorName },
    createdAt: r.createdAt.toISOString(),
    answer: r.answer && r.answeredAt ? { text: r.answer, by: r.answeredByName ?? '', at: r.answeredAt.toISOString() } : null,
  };
}

export class FeedbackService {
  constructor(
    private readonly db: Db,
    private readonly repo: FeedbackRepository,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
  ) {}

  async send(actor: Actor, input: z.output<typeof sendFeedbackBody>, ip = ''): Promise<FeedbackView> {
    if (!feedbackPolicy.send(actor)) throw new AppError('forbidden');
    const id = await this.db.transaction(async (tx) => {
      const row = await this.repo.insert(tx, { kind: input.kind, unitId: actor.unitId, authorId: actor.id, subject: input.subject, body: input.body });
      const data = { feedbackId: row.id, subject: row.subject, unit: actor.unitName, kind: row.kind };
      await this.notifications.notify(tx, (await this.repo.operatorIds(tx)).filter((o) => o !== actor.id).map((userId) => ({ userId, kind: 'feedback.received', data })));
      await this.audit.record({ actorId: actor.id, action: 'feedback.sent', targetType: 'feedback', targetId: row.id, data: { kind: row.kind, subject: row.subject }, ip }, tx);
      return row.id;
    });
    return this.one(id);
  }

  async answer(actor: Actor, id: string, input: z.output<typeof answerFeedbackBody>, ip = ''): Promise<FeedbackView> {
    if (!feedbackPolicy.answer(actor)) throw new AppError('forbidden');
    await this.db.transaction(async (tx) => {
      const before = await this.repo.find(id, tx);
      if (!before) throw new AppError('not_found');
      const status: FeedbackStatus = input.close ? 'closed' : 'answered';
      const row = await this.repo.answer(tx, id, { answer: input.answer, by: actor.id, status });
      if (!row) throw new AppError('feedback_closed');
      await this.notifications.notify(tx, [{ userId: row.authorId, kind: 'feedback.answered', data: { feedbackId: row.id, subject: row.subject, status } }]);
      await this.audit.record({ actorId: actor.id, action: 'feedback.answered', targetType: 'feedback', targetId: row.id, data: { status }, ip }, tx);
    });
    return this.one(id);
  }

  async list(actor: Actor, status?: FeedbackStatus): Promise<FeedbackView[]> {
    const scope = feedbackPolicy.scope(actor);
    const rows = await this.repo.list(scope === 'all' ? { all: true } : scope === 'units' ? { unitRoot: actor.unitId } : { authorId: actor.id }, status);
    return rows.map(presentFeedback);
  }

  private async one(id: string): Promise<FeedbackView> {
    const [row] = await this.repo.list({ id });
    if (!row) throw new AppError('not_found');
    return presentFeedback(row);
  }
}
