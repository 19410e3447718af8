import type { z } from 'zod';
import { AppError, fieldsOf } from '../errors';

/** Parse a request part with a zod schema; a failure is `validation_failed` naming each field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new AppError('validation_failed', fieldsOf(result.error.issues));
  return result.data;
}
