import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../http/csv';
import { computeAttendance, unionMs, type AttendancePerson, type LogEvent } from './attendance';
import { ATTENDANCE_TABLE_ROW, attendanceCsv, attendanceHeaders, attendanceXlsx, formatDuration, formatHomeDateTime } from './attendance.export';
import type { AttendanceView } from '../../shared/api';

// 08:00 in Vietnam on 1 December 2026 is 01:00 UTC.
const T0 = Date.parse('2026-12-01T01:00:00Z');
const min = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * min);
const ev = (minutes: number, type: string, userId: string | null, data: Record<string, unknown> = {}): LogEvent => ({ type, at: at(minutes), userId, data });

const people = new Map<string, AttendancePerson>(
  [
    { id: 'chair', name: 'Nguyễn Bốn', title: 'Phó Chủ tịch UBND tỉnh', unitName: 'UBND tỉnh Đắk Nông' },
    { id: 'an', name: 'Trần Văn An', title: 'Giám đốc', unitName: 'Sở Tài chính' },
    { id: 'binh', name: 'Lê Thị Bình', title: 'Phó Giám đốc', unitName: 'Sở Y tế' },
    { id: 'cuong', name: 'Phạm Cường', title: '', unitName: 'UBND huyện Cư Jút' },
    { id: 'room', name: 'Tài khoản phòng họp Cư Jút', title: '', unitName: 'UBND huyện Cư Jút' },
  ].map((p) => [p.id, p]),
);
const endpoints = new Map([['ep1', 'Phòng họp trực tuyến huyện Cư Jút']]);
const input = (events: LogEvent[], extra: { endedAt?: Date | null; now?: Date } = {}) => ({ events, people, endpoints, endedAt: extra.endedAt ?? null, now: extra.now ?? at(1000) });
const line = (lines: ReturnType<typeof computeAttendance>, userId: string) => lines.find((l) => l.userId === userId)!;

describe('attendance from the meeting log (R4.3)', () => {
  it('R4.3 time present is the sum of presences; a rejoin adds, the gap does not count', () => {
    const lines = computeAttendance(
      input([
        ev(0, 'joined', 'chair', { participantId: 'c1', role: 'chair', endpointId: null }),
        ev(1, 'joined', 'an', { participantId: 'a1', role: 'delegate', endpointId: null }),
        ev(11, 'left', 'an', { participantId: 'a1', reason: 'left', early: true, consent: false, dropped: true }),
        ev(15, 'joined', 'an', { participantId: 'a2', role: 'delegate', endpointId: null }),
        ev(60, 'ended', 'chair'),
        ev(60, 'left', 'chair', { participantId: 'c1', reason: 'meeting_ended', early: false, consent: true }),
        ev(60, 'left', 'an', { participantId: 'a2', reason: 'meeting_ended', early: false, consent: true }),
      ]),
    );
    const an = line(lines, 'an');
    expect(an.presentMs).toBe((10 + 45) * min);
    expect(an.entries).toBe(2);
    expect(an.firstJoin).toEqual(at(1));
    expect(an.lastLeave).toEqual(at(60));
    // dropped and came back before the end: not leaving early
    expect(an.leftEarly).toBe(false);
    expect(an.leftWithConsent).toBeNull();
    expect(line(lines, 'chair').presentMs).toBe(60 * min);
    expect(line(lines, 'chair').role).toBe('chair');
  });

  it('R4.3 overlapping presences of the same account (a second tab replacing the first) count once', () => {
    const lines = computeAttendance(
      input([
        ev(0, 'joined', 'binh', { participantId: 'b1', role: 'delegate' }),
        // the second tab's join, then the first presence replaced a little later (as the server logs it)
        ev(20, 'joined', 'binh', { participantId: 'b2', role: 'delegate' }),
        ev(21, 'replaced', 'binh', { participantId: 'b1', reason: 'replaced' }),
        ev(30, 'ended', 'chair'),
        ev(30, 'left', 'binh', { participantId: 'b2', reason: 'meeting_ended', early: false, consent: true }),
      ]),
    );
    expect(line(lines, 'binh').presentMs).toBe(30 * min);
    expect(line(lines, 'binh').entries).toBe(2);
    expect(unionMs([[0, 10], [5, 20], [30, 40], [40, 45], [50, 50]])).toBe(35);
  });

  it('R3.7 leaving early is recorded with or without the chair’s consent', () => {
    const lines = computeAttendance(
      input([
        ev(0, 'joined', 'an', { participantId: 'a1', role: 'delegate' }),
        ev(0, 'joined', 'binh', { participantId: 'b1', role: 'delegate' }),
        ev(0, 'joined', 'cuong', { participantId: 'k1', role: 'delegate' }),
        ev(5, 'leave_requested', 'an', { participantId: 'a1', reason: 'Họp khác' }),
        ev(6, 'leave_consented', 'chair', { participantId: 'a1', userId: 'an' }),
        ev(7, 'left', 'an', { participantId: 'a1', reason: 'left', early: true, consent: true }),
        ev(8, 'left', 'binh', { participantId: 'b1', reason: 'left', early: true, consent: false }),
        ev(9, 'removed', 'cuong', { participantId: 'k1', reason: 'removed', by: 'chair' }),
        ev(40, 'ended', 'chair'),
      ]),
    );
    expect(line(lines, 'an')).toMatchObject({ leftEarly: true, leftWithConsent: true, removed: false, presentMs: 7 * min, lastLeave: at(7) });
    expect(line(lines, 'binh')).toMatchObject({ leftEarly: true, leftWithConsent: false, presentMs: 8 * min });
    expect(line(lines, 'cuong')).toMatchObject({ leftEarly: false, leftWithConsent: null, removed: true, presentMs: 9 * min, lastLeave: at(9) });
  });

  it('R3.5 speaking turns and total speaking time come from the ends of the turns', () => {
    const lines = computeAttendance(
      input([
        ev(0, 'joined', 'an', { participantId: 'a1', role: 'delegate' }),
        ev(0, 'joined', 'room', { participantId: 'r1', role: 'endpoint', endpointId: 'ep1' }),
        ev(2, 'floor_granted', 'chair', { participantId: 'c1', grantId: 'g1' }),
        ev(4, 'floor_ended', 'an', { participantId: 'a1', grantId: 'g1', how: 'expired', spokeMs: 120_000 }),
        ev(5, 'floor_ended', 'an', { participantId: 'a1', grantId: 'g2', how: 'revoked', spokeMs: 30_500 }),
        // the speaker had gone: the turn names the participant only
        ev(6, 'floor_ended', null, { participantId: 'r1', grantId: 'g3', how: 'left', spokeMs: 10_000 }),
        ev(10, 'ended', 'chair'),
      ]),
    );
    expect(line(lines, 'an')).toMatchObject({ speakingTurns: 2, speakingMs: 150_500 });
    expect(line(lines, 'room')).toMatchObject({ speakingTurns: 1, speakingMs: 10_000, endpoint: 'Phòng họp trực tuyến huyện Cư Jút', role: 'endpoint' });
  });

  it('R4.3 someone still in a meeting that goes on is present until now, with no last leave', () => {
    const lines = computeAttendance(input([ev(0, 'joined', 'an', { participantId: 'a1', role: 'delegate' })], { now: at(25) }));
    expect(line(lines, 'an')).toMatchObject({ presentMs: 25 * min, lastLeave: null, leftEarly: false });
    // the log lost the end (a crash): the meeting's recorded end closes the presence
    const ended = computeAttendance(input([ev(0, 'joined', 'an', { participantId: 'a1', role: 'delegate' })], { endedAt: at(30), now: at(500) }));
    expect(line(ended, 'an')).toMatchObject({ presentMs: 30 * min, lastLeave: at(30) });
  });

  it('R4.3 a lost connection not taken back is no leave, consented or not (a technician who may leave freely too)', () => {
    const lines = computeAttendance(
      input([
        ev(0, 'joined', 'cuong', { participantId: 'k1', role: 'observer' }),
        ev(0, 'joined', 'an', { participantId: 'a1', role: 'observer' }),
        ev(5, 'connection_lost', 'cuong', { participantId: 'k1', code: 1006 }),
        // the grace ran out: the server logs the presence as left when the connection was lost
        ev(5, 'left', 'cuong', { participantId: 'k1', reason: 'left', early: true, consent: true, dropped: true }),
        ev(7, 'left', 'an', { participantId: 'a1', reason: 'left', early: true, consent: true }),
        ev(60, 'ended', 'chair'),
      ]),
    );
    expect(line(lines, 'cuong')).toMatchObject({ leftEarly: true, connectionLost: true, leftWithConsent: null, presentMs: 5 * min });
    expect(line(lines, 'an')).toMatchObject({ leftEarly: true, connectionLost: false, leftWithConsent: true });
  });

  it('lists people by unit, then title, then given name, Vietnamese order; lobby waiters who never entered are not listed', () => {
    const lines = computeAttendance(
      input([
        ev(0, 'joined', 'an', { participantId: 'a1', role: 'delegate' }),
        ev(0, 'joined', 'cuong', { participantId: 'k1', role: 'delegate' }),
        ev(0, 'joined', 'binh', { participantId: 'b1', role: 'delegate' }),
        ev(1, 'lobby_waiting', 'chair', { reason: 'not_invited' }),
        ev(2, 'refused', 'chair', { reason: '' }),
      ]),
    );
    expect(lines.map((l) => l.name)).toEqual(['Trần Văn An', 'Lê Thị Bình', 'Phạm Cường']);
  });
});

describe('attendance files (R4.3)', () => {
  const view: AttendanceView = {
    meeting: { id: 'm', title: 'Giao ban tháng 12', startsAt: '2026-12-01T01:00:00Z', endsAt: '2026-12-01T04:00:00Z', endedAt: '2026-12-01T03:30:00Z', hostUnit: 'Văn phòng UBND tỉnh' },
    generatedAt: '2026-12-01T05:00:00Z',
    lines: [
      {
        userId: 'an',
        name: 'Trần Văn An',
        title: 'Giám đốc',
        unit: 'Sở Tài chính, tỉnh Đắk Nông',
        endpoint: null,
        role: 'delegate',
        firstJoin: '2026-12-01T01:02:00Z',
        lastLeave: '2026-12-01T02:00:30Z',
        presentMs: 3_510_000,
        entries: 2,
        leftEarly: true,
        leftWithConsent: false,
        connectionLost: false,
        removed: false,
        speakingTurns: 1,
        speakingMs: 95_000,
      },
    ],
  };

  it('formats Vietnam time whatever the machine’s zone', () => {
    expect(formatHomeDateTime('2026-12-31T17:05:00Z')).toBe('01/01/2027 00:05');
    expect(formatDuration(3_723_400)).toBe('1:02:03');
  });

  it('R4.3 CSV: BOM, Vietnamese headers, dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh', () => {
    const csv = attendanceCsv(view);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(attendanceHeaders);
    expect(rows[1]).toEqual(['1', 'Trần Văn An', 'Giám đốc', 'Sở Tài chính, tỉnh Đắk Nông', '', 'Đại biểu', '01/12/2026 08:02', '01/12/2026 09:00', '0:58:30', '2', 'Có', 'Không', 'Không', 'Không', '1', '0:01:35']);
  });

  it('R4.3 XLSX: the meeting’s title and date above the table; times and durations as real cells', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await attendanceXlsx(view)) as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell(2, 1).value).toBe('Giao ban tháng 12');
    expect(String(sheet.getCell(3, 1).value)).toContain('01/12/2026 08:00 – 01/12/2026 11:00');
    expect(sheet.getRow(ATTENDANCE_TABLE_ROW).values).toEqual([undefined, ...attendanceHeaders]);
    const row = sheet.getRow(ATTENDANCE_TABLE_ROW + 1);
    expect(row.getCell(2).value).toBe('Trần Văn An');
    // the cell holds Vietnam's wall-clock time
    expect((row.getCell(7).value as Date).toISOString()).toBe('2026-12-01T08:02:00.000Z');
    // a duration cell ([h]:mm:ss): exceljs reads it back as a date counted from Excel's day zero
    expect((row.getCell(9).value as Date).getTime() - Date.UTC(1899, 11, 30)).toBe(3_510_000);
    expect(row.getCell(9).numFmt).toBe('[h]:mm:ss');
    expect(row.getCell(11).value).toBe('Có');
  });
});
