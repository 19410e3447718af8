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

export function technicalCheckFailedText(d: TechnicalCheckFailedData): string {
  return t('notifications.technicalCheckFailed', {
    endpoint: d.endpointName ?? t('check.chairSide'),
    meeting: d.meetingTitle,
    criteria: d.failing.map((c) => criterionText(c)).join('; '),
    name: d.byName,
  });
}
