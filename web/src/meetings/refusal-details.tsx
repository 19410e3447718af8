/** Below a refused booking or edit: the form's fields at fault, and the article of the regulation in its own words. */
import { ApiError } from '../api';
import { meetingFieldLabel, refusalDetail } from './refusal-format';
import type { ShownError } from '../components/error-message';

export function RefusalDetails({ error }: { error: ShownError | object | null }) {
  if (!(error instanceof ApiError) || !error.fields) return null;
  const { fields, rule } = refusalDetail(error, meetingFieldLabel);
  return (
    <>
      {fields.length > 0 && (
        <p className="error small" data-testid="refused-fields">
          {fields.join(', ')}
        </p>
      )}
      {rule && (
        <blockquote className="small" data-testid="refusal-rule">
          <strong>{rule.article}:</strong> “{rule.words}”
        </blockquote>
      )}
    </>
  );
}
