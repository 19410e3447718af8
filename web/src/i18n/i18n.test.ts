import { describe, expect, it } from 'vitest';
import { errorIds } from '../../../shared/errors';
import { leaveReason } from '../../../shared/protocol';
import { vi } from './vi';
import { en } from './en';
import { getLocale, setLocale, setOrganisationWords, t } from './index';

describe('dictionaries', () => {
  const viKeys = Object.keys(vi).sort();
  const enKeys = Object.keys(en).sort();

  it('have exactly the same keys', () => {
    expect(enKeys).toEqual(viKeys);
  });

  it.each(errorIds)('translate error id %s in both languages', (id) => {
    expect(vi).toHaveProperty(id);
    expect(en).toHaveProperty(id);
  });

  it('translate every reason the server gives for closing a presence', () => {
    for (const reason of leaveReason.options) {
      expect(viKeys).toContain(`closed.${reason}`);
    }
  });

  // Issue 15.3: a person reads the article in words ("Điều 19 khoản 2 Quy định …"), never the catalogue's codes
  // (R2.3, M6.3, D19.2) — those are for programmers. Keys may hold them (`rules.D19.2.article`), messages may not.
  it('show no internal requirement code in any message', () => {
    const code = /\b[RMD]\d+(\.\d+)?\b/;
    for (const dict of [vi, en] as Record<string, string>[]) {
      const offending = Object.entries(dict).filter(([, text]) => code.test(text)).map(([key, text]) => `${key}: ${text}`);
      expect(offending).toEqual([]);
    }
  });

  it('name the approving office and the deciding authority from the organisation settings, not a province', () => {
    for (const dict of [vi, en] as Record<string, string>[]) {
      // the settings' own examples may name them
      const fixed = Object.entries(dict).filter(([key, text]) => !key.startsWith('rules.') && !key.startsWith('orgSettings.') && /Văn phòng UBND tỉnh|do Chủ tịch quyết định|provincial office/.test(text));
      expect(fixed).toEqual([]);
    }
    setOrganisationWords({ approvingOffice: 'Văn phòng Bộ', decidingAuthority: 'Bộ trưởng' });
    setLocale('vi');
    expect(t('approval.pendingNotice')).toBe('Cuộc họp đang chờ Văn phòng Bộ duyệt lịch; chưa thể vào họp.');
    expect(t('meeting_emergency_not_allowed')).toContain('do Bộ trưởng quyết định');
    expect(t('approval.rejectedNotice', { reason: 'trùng lịch' })).toBe('Văn phòng Bộ không duyệt lịch cuộc họp này. Lý do: trùng lịch');
  });

  it('have no empty message', () => {
    for (const dict of [vi, en] as Record<string, string>[]) {
      for (const [key, text] of Object.entries(dict)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of viKeys as (keyof typeof vi)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });

  it('write Vietnamese with its diacritics', () => {
    expect(vi['login.title']).toBe('Đăng nhập');
    expect(vi['device.title']).toBe('Kiểm tra thiết bị');
    expect(vi['device.join']).toBe('Vào họp');
    expect(vi['room.leave']).toBe('Rời họp');
  });
});

describe('t', () => {
  it('defaults to Vietnamese, switches to English and fills placeholders', () => {
    expect(getLocale()).toBe('vi');
    expect(t('meeting_not_found')).toBe(vi.meeting_not_found);
    setLocale('en');
    expect(t('users.created', { name: 'Nguyễn Văn An' })).toBe('Account created for Nguyễn Văn An.');
    setLocale('vi');
    expect(t('room.roster', { count: 3 })).toBe('Đại biểu (3)');
  });
});
