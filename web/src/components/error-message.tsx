import { ApiError } from '../api';
import { hasMessage, t, type MessageKey } from '../i18n';

/** Something that went wrong, as the client keeps it: a refusal from the server or one of our own message keys. */
export type ShownError = ApiError | MessageKey;

/**
 * Translates at render time, so that the message follows a language switch. A refusal's fields fill the message's
 * placeholders (e.g. `{capacity}` of `endpoint_capacity_reached`).
 */
export function errorText(error: ShownError): string {
  if (typeof error === 'string') return t(error);
  return hasMessage(error.id) ? t(error.id, error.fields) : error.message;
}

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
