import { describe, expect, it } from 'vitest';
import { foldDiacritics, slugPattern, slugify } from './slug';

describe('link addresses (M8.1a)', () => {
  it('M8.1a slugs are ASCII: diacritics stripped, đ → d, spaces → hyphens', () => {
    expect(slugify('Dự án')).toBe('du-an');
    expect(slugify('Giao ban Đắk Nông — tháng 12/2026')).toBe('giao-ban-dak-nong-thang-12-2026');
    expect(slugPattern.test(slugify('  Họp   khẩn!  '))).toBe(true);
    expect(slugify('a'.repeat(100)).length).toBeLessThanOrEqual(64);
  });

  it('search folding maps đ/Đ, which NFD does not decompose', () => {
    expect(foldDiacritics('Đắk Nông')).toBe('Dak Nong');
  });
});
