import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/api';
import { answerProblem, repliesPolicy, substituteProblem, summarise } from './replies.policy';
import { reminderMail, substituteApprovedMail, substituteDecidedMail, vnDateTime } from './reply-mail';

const unitId = '11111111-1111-4111-8111-111111111111';
const otherUnit = '22222222-2222-4222-8222-222222222222';
const person = (over: Partial<{ id: string; role: Role; unitId: string }> = {}) => ({ id: 'p1', role: 'delegate' as Role, unitId: otherUnit, ...over });

describe('R2.5 who answers an invitation', () => {
  it('R2.5: a person answers for themself only', () => {
    expect(repliesPolicy.mayAnswerFor(person(), { kind: 'person', id: 'p1' })).toBe(true);
    expect(repliesPolicy.mayAnswerFor(person(), { kind: 'person', id: 'p2' })).toBe(false);
    // nor does an organiser or the operator answer for a person
    expect(repliesPolicy.mayAnswerFor(person({ role: 'operator' }), { kind: 'person', id: 'p2' })).toBe(false);
  });
  it("R2.5: an invited unit is answered for by its own organisers (the head's office), nobody else", () => {
    expect(repliesPolicy.mayAnswerFor(person({ role: 'organiser', unitId }), { kind: 'unit', id: unitId })).toBe(true);
    expect(repliesPolicy.mayAnswerFor(person({ role: 'organiser', unitId: otherUnit }), { kind: 'unit', id: unitId })).toBe(false);
    expect(repliesPolicy.mayAnswerFor(person({ role: 'delegate', unitId }), { kind: 'unit', id: unitId })).toBe(false);
    expect(repliesPolicy.mayAnswerFor(person({ role: 'secretary', unitId }), { kind: 'unit', id: unitId })).toBe(false);
    expect(repliesPolicy.mayAnswerFor(person({ role: 'operator', unitId }), { kind: 'unit', id: unitId })).toBe(false);
  });
  it('D8.3: only the chair decides on a substitute', () => {
    expect(repliesPolicy.mayDecideSubstitute({ id: 'chair' }, { chairId: 'chair' })).toBe(true);
    expect(repliesPolicy.mayDecideSubstitute({ id: 'organiser' }, { chairId: 'chair' })).toBe(false);
  });
  it('R2.5: answers are open until the start of a scheduled meeting, never once cancelled or ended', () => {
    const startsAt = new Date('2026-12-10T01:00:00Z');
    expect(repliesPolicy.isOpen({ status: 'scheduled', startsAt }, new Date('2026-12-10T00:59:59Z'))).toBe(true);
    expect(repliesPolicy.isOpen({ status: 'scheduled', startsAt }, startsAt)).toBe(false);
    expect(repliesPolicy.isOpen({ status: 'open', startsAt }, new Date('2026-12-09T00:00:00Z'))).toBe(false);
    expect(repliesPolicy.isOpen({ status: 'cancelled', startsAt }, new Date('2026-12-09T00:00:00Z'))).toBe(false);
    expect(repliesPolicy.isOpen({ status: 'ended', startsAt }, new Date('2026-12-09T00:00:00Z'))).toBe(false);
  });
});

describe('R2.5 what an answer needs', () => {
  it('R2.5: declining and sending a substitute need a reason of 3..500 characters; attending does not', () => {
    expect(answerProblem({ answer: 'attending', reason: '' })).toBeNull();
    expect(answerProblem({ answer: 'declined', reason: '' })).toBe('reply_reason_required');
    expect(answerProblem({ answer: 'declined', reason: '  ab  ' })).toBe('reply_reason_required');
    expect(answerProblem({ answer: 'declined', reason: 'abc' })).toBeNull();
    expect(answerProblem({ answer: 'declined', reason: 'x'.repeat(500) })).toBeNull();
    expect(answerProblem({ answer: 'declined', reason: 'x'.repeat(501) })).toBe('reply_reason_required');
    expect(answerProblem({ answer: 'substitute', reason: 'Đi công tác' })).toBe('reply_substitute_invalid');
    expect(answerProblem({ answer: 'substitute', reason: '', substituteId: 's' })).toBe('reply_reason_required');
    expect(answerProblem({ answer: 'substitute', reason: 'Đi công tác', substituteId: 's' })).toBeNull();
  });
  it('D8.3: a substitute is an enabled person of the organisation not already invited', () => {
    const taken = new Set(['invited']);
    expect(substituteProblem({ id: 's', role: 'delegate', disabledAt: null }, taken)).toBeNull();
    expect(substituteProblem(undefined, taken)).toBe('reply_substitute_invalid');
    expect(substituteProblem({ id: 's', role: 'delegate', disabledAt: new Date() }, taken)).toBe('reply_substitute_invalid');
    expect(substituteProblem({ id: 's', role: 'guest', disabledAt: null }, taken)).toBe('reply_substitute_invalid');
    expect(substituteProblem({ id: 's', role: 'endpoint', disabledAt: null }, taken)).toBe('reply_substitute_invalid');
    expect(substituteProblem({ id: 'invited', role: 'delegate', disabledAt: null }, taken)).toBe('reply_substitute_invalid');
  });
  it('M8.1e: the summary counts each kind of answer', () => {
    expect(
      summarise([
        { answer: 'attending', substituteStatus: null },
        { answer: 'declined', substituteStatus: null },
        { answer: 'substitute', substituteStatus: 'proposed' },
        { answer: 'substitute', substituteStatus: 'approved' },
        { answer: 'substitute', substituteStatus: 'refused' },
        { answer: null, substituteStatus: null },
        { answer: null, substituteStatus: null },
      ]),
    ).toEqual({ invited: 7, attending: 1, declined: 1, substitutesProposed: 1, substitutesApproved: 1, substitutesRefused: 1, notAnswered: 2 });
  });
});

describe('R2.5 the mails of replies', () => {
  const meeting = { id: 'm', title: 'Giao ban tháng 12', slug: 'giao-ban', startsAt: new Date('2026-12-10T01:30:00Z') };
  const to = { id: 'u', name: 'Nguyễn Văn An', email: 'an@example.vn' };
  it('R2.5: times are Hà Nội wall-clock, HH:mm dd/MM/yyyy', () => {
    expect(vnDateTime(new Date('2026-12-10T01:30:00Z'))).toBe('08:30 ngày 10/12/2026');
    expect(vnDateTime(new Date('2026-12-31T17:05:00Z'))).toBe('00:05 ngày 01/01/2027');
  });
  it('R2.5: a reminder names the meeting and links to it; for a unit it names the unit', () => {
    const mail = reminderMail(meeting, to, 'https://hop.gialai.gov.vn/', 'Sở Y tế');
    expect(mail).toMatchObject({ meetingId: 'm', userId: 'u', to: 'an@example.vn', kind: 'reply_reminder' });
    expect(mail.text).toContain('https://hop.gialai.gov.vn/giao-ban');
    expect(mail.text).toContain('Đơn vị Sở Y tế chưa trả lời');
    expect(mail.text).toContain('08:30 ngày 10/12/2026');
  });
  it('D8.3: the approved substitute gets the link and no password; a refusal carries the reason', () => {
    const approved = substituteApprovedMail(meeting, to, 'https://hop.gialai.gov.vn', 'Phạm Thị Bình');
    expect(approved.text).toContain('dự họp thay Phạm Thị Bình');
    expect(approved.text).toContain('https://hop.gialai.gov.vn/giao-ban');
    const refused = substituteDecidedMail(meeting, to, 'https://hop.gialai.gov.vn', 'Vũ Văn Dũng', 'refuse', 'Cần Giám đốc trực tiếp dự');
    expect(refused.text).toContain('Lý do: Cần Giám đốc trực tiếp dự');
    expect(refused.subject).toContain('Không đồng ý');
  });
});
