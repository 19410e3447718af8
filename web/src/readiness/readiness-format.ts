/** Words of the technical check (R2.6): criteria not met, and the notice of a failed check. */
import type { NotificationView, ReadinessCriterion, ReadinessThresholds, TechnicalCheckFailedData } from '../../../shared/api';
import { t, type MessageKey } from '../i18n';

/** The usual thresholds, for words shown without a board at hand (the server sends its own with the board). */
const THRESHOLDS: ReadinessThresholds = { minBitrateKbps: 300, maxLossPercent: 5, maxRttMs: 400 };

export function criterionText(c: ReadinessCriterion, th: ReadinessThresholds = THRESHOLDS): string {
  return t(`readiness.criterion.${c}` as MessageKey, { min: th.minBitrateKbps, loss: th.maxLossPercent, rtt: th.maxRttMs });
}

export const isTechnicalCheckFailed = (n: NotificationView): n is NotificationView & { data: TechnicalCheckFailedData & Record<string, unknown> } =>
  n.kind === 'technical_check_failed';

/** The notice's text, or null when it is not a failed check. */
export function readinessNoticeText(n: NotificationView): string | null {
  if (!isTechnicalCheckFailed(n)) return null;
  const d = n.data;
  return t('notifications.technicalCheckFailed', {
    endpoint: d.endpointName ?? t('check.chairSide'),
    meeting: d.meetingTitle,
    criteria: d.failing.map((c) => criterionText(c)).join('; '),
    name: d.byName,
  });
}

/** A failed check leads to the meeting's readiness board. */
export const readinessNoticeLink = (n: NotificationView): string | null => (isTechnicalCheckFailed(n) ? `/meetings/${n.data.meetingId}/readiness` : null);
