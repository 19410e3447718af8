import { describe, expect, it } from 'vitest';
import type { HealthView, ParticipantView } from '../../shared/protocol';
import { ConsoleState } from './console-state';

const meeting = { id: 'm1', title: 'Giao ban', status: 'open' as const, startsAt: new Date('2026-12-07T01:00:00Z'), endsAt: new Date('2026-12-07T04:00:00Z'), hostUnit: 'UBND tỉnh', invitedEndpoints: 2 };
const person = (id: string, connection: 'online' | 'lost' = 'online'): ParticipantView => ({
  id,
  userId: `u-${id}`,
  name: `Người ${id}`,
  title: 'Chuyên viên',
  unit: 'Sở Tài chính',
  endpoint: null,
  attendees: '',
  role: 'delegate',
  isChair: false,
  identityIncomplete: false,
  audio: true,
  video: true,
  audible: false,
  sharingScreen: false,
  leaveRequested: null,
  connection,
});
const line = (id: string, fields: Partial<HealthView>): HealthView => ({ participantId: id, state: 'good', sendKbps: 800, receiveKbps: 1200, lossPercent: 0, jitterMs: 5, rttMs: 60, at: new Date().toISOString(), ...fields });

function setUp() {
  const s = new ConsoleState('main');
  s.liveOpened(meeting);
  s.participant('m1', person('a'), null);
  s.participant('m1', person('b'), null);
  s.takeDelta();
  return s;
}
const alarms = (s: ConsoleState) => JSON.parse(s.snapshotFrame()).alarms as { kind: string; participantId: string; value: number | null; threshold: number | null }[];

describe('console state (R3.10)', () => {
  it('raises one alarm per crossing, not one per report, and counts the poor', () => {
    const s = setUp();
    s.health('m1', 'a', line('a', { rttMs: 900 }));
    s.health('m1', 'a', line('a', { rttMs: 950 }));
    expect(alarms(s).map((a) => [a.kind, a.value, a.threshold])).toEqual([['rtt', 900, 500]]);
    s.health('m1', 'a', line('a', { rttMs: 80 }));
    s.health('m1', 'a', line('a', { rttMs: 700 }));
    expect(alarms(s).filter((a) => a.kind === 'rtt')).toHaveLength(2);
    const view = JSON.parse(s.snapshotFrame()).meetings[0];
    expect(view).toMatchObject({ participants: 2, online: 2, poor: 1, dropped: 0 });
  });

  it('sees a bitrate collapse against the usual bitrate, once, and recovers', () => {
    const s = setUp();
    for (let i = 0; i < 3; i++) s.health('m1', 'b', line('b', { sendKbps: 1000, receiveKbps: 1000 }));
    s.health('m1', 'b', line('b', { sendKbps: 100, receiveKbps: 150 }));
    s.health('m1', 'b', line('b', { sendKbps: 50, receiveKbps: 50 }));
    expect(alarms(s).map((a) => [a.kind, a.value, a.threshold])).toEqual([['bitrate', 250, 2000]]);
    expect(JSON.parse(s.snapshotFrame()).endpoints.find((e: { id: string }) => e.id === 'b').health).toBe('poor');
    s.health('m1', 'b', line('b', { sendKbps: 900, receiveKbps: 1000 }));
    expect(JSON.parse(s.snapshotFrame()).endpoints.find((e: { id: string }) => e.id === 'b').health).toBe('good');
  });

  it('a small bitrate is no collapse (a muted person sends little)', () => {
    const s = setUp();
    s.health('m1', 'b', line('b', { sendKbps: 30, receiveKbps: 40 }));
    s.health('m1', 'b', line('b', { sendKbps: 2, receiveKbps: 3 }));
    expect(alarms(s)).toEqual([]);
  });

  it('a delta holds only what changed, and a left participant is removed with its counts', () => {
    const s = setUp();
    s.health('m1', 'a', line('a', {}));
    const delta = JSON.parse(s.takeDelta()!);
    expect(delta.endpoints.map((e: { id: string }) => e.id)).toEqual(['a']);
    expect(delta.meetings).toEqual([]); // counts unchanged (good stays good)
    expect(s.takeDelta()).toBeNull();
    s.participant('m1', { ...person('a'), audio: false, audible: true }, null); // a microphone: nothing the console shows
    expect(s.takeDelta()).toBeNull();
    s.participant('m1', person('a', 'lost'), null);
    expect(JSON.parse(s.takeDelta()!).meetings[0]).toMatchObject({ participants: 2, online: 1 });
    s.health('m1', 'b', line('b', { state: 'dropped' }));
    s.left('m1', 'b', true);
    const after = JSON.parse(s.takeDelta()!);
    expect(after.removedEndpoints).toEqual(['b']);
    expect(after.meetings[0]).toMatchObject({ participants: 1, dropped: 0 });
    expect(after.alarms.map((a: { kind: string }) => a.kind)).toEqual(['dropped', 'not_returned']);
  });

  it('a meeting run elsewhere shows the database’s count; one no longer listed goes', () => {
    const s = new ConsoleState('main');
    s.refresh([{ ...meeting, id: 'm2', owner: 'backup', participants: 7 }]);
    expect(JSON.parse(s.snapshotFrame()).meetings[0]).toMatchObject({ id: 'm2', place: 'elsewhere', participants: 7 });
    s.takeDelta();
    s.refresh([]);
    expect(JSON.parse(s.takeDelta()!).removedMeetings).toEqual(['m2']);
  });
});
