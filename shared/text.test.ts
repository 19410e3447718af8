import { describe, expect, it } from 'vitest';
import { findBadText, textProblem } from './text';

describe('text that cannot be kept (NUL, lone surrogates)', () => {
  it('finds a NUL or half a character anywhere; whole characters, emoji and Vietnamese are fine', () => {
    expect(textProblem('Đắk Nông 🇻🇳 — họp')).toBeNull();
    expect(textProblem('a\u0000b')).toBe('nul');
    expect(textProblem('\uD83D')).toBe('lone_surrogate');
    expect(textProblem('x\uDE00')).toBe('lone_surrogate');
    expect(textProblem('\uDE00\uD83D')).toBe('lone_surrogate'); // reversed pair
    expect(textProblem('\uD83D\uDE00')).toBeNull();
  });

  it('names the first bad string of a body by its path, keys included; numbers and streams are not text', () => {
    expect(findBadText({ title: 'Giao ban', agenda: [{ title: 'ok' }, { title: 'x\u0000' }] })).toEqual({ path: 'agenda.1.title', problem: 'nul' });
    expect(findBadText({ ['k\uD800']: 1 })).toEqual({ path: 'k\uD800', problem: 'lone_surrogate' });
    expect(findBadText('\u0000')).toEqual({ path: '(body)', problem: 'nul' });
    expect(findBadText({ n: 5, b: true, z: null, list: [1, 2] })).toBeNull();
    expect(findBadText({ pipe: () => undefined, name: '\u0000' })).toBeNull(); // a stream: bytes, judged by its route
    expect(findBadText(new Uint8Array([0, 0]))).toBeNull();
    // the router's parameters are objects without Object's prototype
    const params = Object.create(Object.create(null)) as Record<string, string>;
    params.slug = 'hop\u0000';
    expect(findBadText(params)).toEqual({ path: 'slug', problem: 'nul' });
  });
});
