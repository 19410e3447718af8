/**
 * How a booking refusal reads (R2.3, R2.4): the fields of the form at fault by their labels, and, when the refusal
 * names an article of the regulation (`fields.article`), that article and its words — not the refusal's raw keys
 * (`rule`, `article`, `requirement`), which are data for programs, not for the organiser.
 */
import type { ApiError } from '../api';
import { hasMessage, t, type MessageKey } from '../i18n';

export interface RefusalDetail {
  /** Labels of the form's fields the server named. */
  fields: string[];
  /** The article broken, as the regulation words it. */
  rule: { article: string; words: string } | null;
}

/** Keys of a refusal's fields that describe the rule, never a field of the form. */
const RULE_KEYS = new Set(['rule', 'article', 'requirement', 'capacity', 'registered', 'version']);

/** `labelOf` names a field of the form, or null when the key is no field of it. */
export function refusalDetail(error: Pick<ApiError, 'fields'>, labelOf: (field: string) => string | null): RefusalDetail {
  const entries = Object.keys(error.fields ?? {}).filter((k) => !RULE_KEYS.has(k));
  const fields = [...new Set(entries.map(labelOf).filter((l): l is string => l !== null))];
  const article = error.fields?.article;
  const articleKey = `rules.${article}.article`;
  const wordsKey = `rules.${article}.words`;
  const rule = article && hasMessage(articleKey) && hasMessage(wordsKey) ? { article: t(articleKey), words: t(wordsKey) } : null;
  return { fields, rule };
}

/** Labels of the body fields, to name those the server refused. */
const fieldLabels: Record<string, MessageKey> = {
  title: 'meetingNew.meetingTitle',
  hostUnitId: 'meetingNew.hostUnit',
  endpointIds: 'meetingNew.endpoints',
  startsAt: 'meetingNew.start',
  endsAt: 'meetingNew.end',
  chairId: 'meetingNew.chair',
  inviteeIds: 'meetingNew.invitees',
  slug: 'meetingNew.slug',
  password: 'meetingNew.password',
  notStateSecret: 'meetingNew.notStateSecret',
  emergency: 'meetingNew.emergency',
  type: 'meetingDetails.type',
  typeNote: 'meetingDetails.typeNote',
  unitIds: 'meetingDetails.units',
  agenda: 'meetingDetails.agenda',
  backdropText: 'meetingDetails.backdrop',
  checkAt: 'meetingDetails.checkAt',
  allowedNetworks: 'meetingDetails.networks',
};


/** The label of a field of the meeting form (`agenda.2.title` is the agenda's), or null when the key is no field of it. */
export const meetingFieldLabel = (field: string): string | null => {
  const key = fieldLabels[field] ?? fieldLabels[field.split('.')[0]!];
  return key ? t(key) : null;
};
