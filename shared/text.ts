/**
 * Text that cannot be stored or passed on, checked once where input enters (HTTP bodies, queries and link
 * addresses; every signaling frame): a NUL character (PostgreSQL refuses it in text, Janus stops reading an SDP at
 * it) or a lone UTF-16 surrogate (half of a character: not Unicode, so it cannot be written as UTF-8 to the
 * database, a log or an audit row). Refused with the field named, never cleaned silently.
 */

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why this string cannot be kept, or null. */
export function textProblem(s: string): 'nul' | 'lone_surrogate' | null {
  if (NUL.test(s)) return 'nul';
  if (LONE_SURROGATE.test(s)) return 'lone_surrogate';
  return null;
}

/** The words of a refusal, per problem. */
export const textProblemMessage = { nul: 'contains a NUL character', lone_surrogate: 'contains broken Unicode (a lone surrogate)' } as const;

/** A zod refinement for a whole message: the first string that cannot be kept is an issue at its path. */
export function refuseBadText(value: unknown, ctx: { addIssue(issue: { code: 'custom'; message: string; path: (string | number)[] }): void }): void {
  const bad = findBadText(value);
  if (bad) ctx.addIssue({ code: 'custom', message: textProblemMessage[bad.problem], path: bad.path === '(body)' ? [] : bad.path.split('.') });
}

/** Depth beyond which a value is not walked (input is parsed with limits well below it). */
const MAX_DEPTH = 64;

/**
 * The first string in a parsed value (object keys included) that cannot be kept: its path (`agenda.2.title`) and
 * the problem; null when every string is fine.
 */
export function findBadText(value: unknown, path: (string | number)[] = [], depth = 0): { path: string; problem: 'nul' | 'lone_surrogate' } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path: path.join('.') || '(body)', problem } : null;
  }
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  // data, not bytes: a stream (an uploaded document's body) or a buffer is judged by its own route
  if (typeof (value as { pipe?: unknown }).pipe === 'function' || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return null;
  for (const [key, v] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem) return { path: [...path, key].join('.'), problem: keyProblem };
    const found = findBadText(v, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}
