/**
 * A session description (RFC 8866) as a browser sends it, checked for its shape before anything reaches Janus: a
 * text Janus cannot parse makes it answer with an error (or, with a NUL inside, not at all), which used to come
 * back as a server failure. The shape only: whether Janus can use it is Janus's to say.
 */
import { z } from 'zod';

/** Why a text is not a session description, or null. */
export function sdpProblem(sdp: string): string | null {
  const lines = sdp.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  if (lines[0] !== 'v=0') return 'must start with the line v=0';
  const bad = lines.findIndex((l) => !/^[a-z]=[^\r\n]*$/.test(l));
  if (bad >= 0) return `line ${bad + 1} is not <letter>=<value>`;
  for (const needed of ['o=', 's=', 'm=']) if (!lines.some((l) => l.startsWith(needed))) return `has no ${needed} line`;
  return null;
}

/** The SDP of an offer or answer: at most 200 000 characters, shaped as one. */
export const sessionDescriptionText = z
  .string()
  .min(1)
  .max(200_000)
  .superRefine((sdp, ctx) => {
    const problem = sdpProblem(sdp);
    if (problem) ctx.addIssue({ code: 'custom', message: `not a session description: ${problem}` });
  });
