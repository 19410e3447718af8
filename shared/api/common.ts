/** Pieces of the API's shapes that several domains share. */
import { z } from 'zod';

/** An optimistic-concurrency version as the database keeps it (a 32-bit integer): a larger number is refused. */
export const rowVersion = z.number().int().min(1).max(2_147_483_647);

/** A partial update must change something: `{}` is refused naming the body, not passed on as an empty UPDATE. */
export const somethingToChange = <T extends Record<string, unknown>>(patch: T, except: readonly string[] = []) =>
  Object.entries(patch).some(([k, v]) => v !== undefined && !except.includes(k));
export const NOTHING_TO_CHANGE = { message: 'nothing to change: name at least one field' };
