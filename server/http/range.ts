/**
 * HTTP byte ranges (RFC 9110 §14) for streaming files such as recordings: a `<video>` asks for pieces as it plays
 * and seeks. One range only; several ranges are answered with the whole file (which the RFC allows).
 */
export type ByteRange = { start: number; end: number };

/** `null`: no usable Range header (send it all); `'unsatisfiable'`: 416. `end` is inclusive. */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    // the last N bytes
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
