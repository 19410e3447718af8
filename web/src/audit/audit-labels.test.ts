import { afterEach, describe, expect, it } from 'vitest';
import { auditActions } from '../../../shared/api';
import { auditActionLabel, auditDetails, auditTargetName, auditTargetTypeLabel } from './audit-labels';
import { en } from '../i18n/en';
import { setLocale } from '../i18n';
import { vi } from '../i18n/vi';

afterEach(() => setLocale('vi'));

describe('audit entries as people read them (R1.5)', () => {
  it('every action the server records is translated in both languages', () => {
    for (const action of auditActions) {
      expect(vi, action).toHaveProperty(`auditAction.${action}`);
      expect(en, action).toHaveProperty(`auditAction.${action}`);
    }
  });

  it('shows actions in Vietnamese, or in English after a switch, and unknown ones by id', () => {
    expect(auditActionLabel('unit.created')).toBe('Tạo đơn vị');
    expect(auditActionLabel('meeting.access_revoked')).toBe('Thu hồi liên kết và mật khẩu cuộc họp');
    expect(auditActionLabel('minutes.signed')).toBe('minutes.signed');
    setLocale('en');
    expect(auditActionLabel('unit.created')).toBe('Unit created');
    expect(auditTargetTypeLabel('meeting')).toBe('Meeting');
    expect(auditTargetTypeLabel('recording')).toBe('recording');
  });

  it('names the target by its current name, else the name kept in the entry, else its id', () => {
    expect(auditTargetName({ targetName: 'Sở Tài chính', targetId: 'u1', data: { name: 'Sở Tài chánh' } })).toBe('Sở Tài chính');
    expect(auditTargetName({ targetName: '', targetId: 'u1', data: { name: 'Ban đã giải thể' } })).toBe('Ban đã giải thể');
    expect(auditTargetName({ targetName: '', targetId: 'u1', data: { count: 3 } })).toBe('u1');
  });

  it('writes details in one short line', () => {
    expect(auditDetails({ code: 'STC', after: { name: 'Sở Tài chính' }, count: 2, gone: undefined })).toBe('code: STC · after: {"name":"Sở Tài chính"} · count: 2');
    expect(auditDetails({})).toBe('');
  });
});
