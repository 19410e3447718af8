import { ApiError } from '../api';
import { formatDateTime } from '../format';
import { hasMessage, t, type MessageKey } from '../i18n';

/** Something that went wrong, as the client keeps it: a refusal from the server or one of our own message keys. */
export type ShownError = ApiError | MessageKey;

/**
 * Translates at render time, so that the message follows a language switch. A refusal's fields fill the message's
 * placeholders (e.g. `{capacity}` of `endpoint_capacity_reached`).
 */
export function errorText(error: ShownError): string {
  if (typeof error === 'string') return t(error);
  return hasMessage(error.id) ? t(error.id, error.fields && shownFields(error.fields)) : error.message;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** A refusal's fields as a person reads them: an instant (`opensAt`) in Vietnamese time, `dd/MM/yyyy HH:mm`. */
export const shownFields = (fields: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, ISO_INSTANT.test(v) ? formatDateTime(v) : v]));

export function toShownError(error: unknown): ShownError {
  if (error instanceof ApiError) return error;
  console.error(error);
  return 'internal_error';
}

export function ErrorMessage({ error }: { error: ShownError | null | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert" data-testid="error-message">
      {errorText(error)}
    </p>
  );
}
