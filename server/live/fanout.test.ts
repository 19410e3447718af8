import { describe, expect, it } from 'vitest';
import type { LiveEvent, MeetingRole } from '../../shared/protocol';
import type { MeetingRow } from '../meetings/meeting.repository';
import type { Actor } from '../organisation/organisation.policy';
import type { ClientLink } from './client-link';
import { framesFor, type Outgoing } from './fanout';
import { MeetingState } from './meeting-state';
import { Participant } from './participant';

const meeting = { id: 'm1', chairId: 'u-chair', title: 'Giao ban', speakingSeconds: 300 } as unknown as MeetingRow;
const link = (id: string): ClientLink => ({ id, instanceId: 'main', send: () => undefined, close: () => undefined });

function seat(state: MeetingState, id: string, role: MeetingRole): Participant {
  const user = { id: `u-${id}`, name: `Người ${id}`, title: '', unitName: 'Sở Nội vụ' } as unknown as Actor;
  const p = new Participant(user, `s-${id}`, role, null, meeting.chairId, { id, resumeHash: `h-${id}` });
  p.link = link(`l-${id}`);
  state.add(p);
  return p;
}

const eventsOf = (o: Outgoing) => (JSON.parse(o.frame) as { events: LiveEvent[] }).events;
const to = (o: Outgoing) => (o.to === 'all' ? 'all' : o.to.map((p) => p.id).join(','));

describe('fan-out of a meeting’s changes', () => {
  function meetingOf() {
    const state = new MeetingState(meeting, () => 1_000);
    const chair = seat(state, 'chair', 'chair');
    const tech = seat(state, 'tech', 'chair_technician');
    const a = seat(state, 'a', 'delegate');
    const b = seat(state, 'b', 'delegate');
    state.takeChanges();
    return { state, chair, tech, a, b };
  }

  it('a roster line goes once to everyone, as the participant’s cached JSON', () => {
    const { state, a } = meetingOf();
    a.audio = false;
    state.touch(a);
    const out = framesFor(state, state.takeChanges(), 1, new WeakMap());
    expect(out.map(to)).toEqual(['all']);
    expect(out[0]!.frame).toContain(a.json());
    expect(eventsOf(out[0]!)).toEqual([{ kind: 'participant', participant: expect.objectContaining({ id: 'a', audio: false }) }]);
    expect(out[0]!.skippable).toBe(true);
  });

  it('a request: the whole queue to those who run the floor, one’s own to the one who asked, nothing to the others', () => {
    const { state, a } = meetingOf();
    const request = state.floor.request({ participantId: a.id, speaker: a.displayName, topic: 'Ngân sách', enteredBy: a.id });
    state.queueChanged(request);
    const out = framesFor(state, state.takeChanges(), 2, new WeakMap());
    expect(out.map(to).sort()).toEqual(['a', 'chair,tech']);
    for (const o of out) expect(eventsOf(o)).toEqual([{ kind: 'queue', queue: [expect.objectContaining({ id: request.id, topic: 'Ngân sách' })] }]);
  });

  it('health to the technicians and the chair only; the lobby to those who admit; rights to the one they concern', () => {
    const { state, a, b } = meetingOf();
    state.setHealth(a.id, { participantId: a.id, state: 'poor', sendKbps: 100, receiveKbps: 100, lossPercent: 9, jitterMs: 40, rttMs: 600, at: '2026-12-07T08:00:00Z' });
    state.setPresenter(b, true);
    const out = framesFor(state, state.takeChanges(), 3, new WeakMap());
    const byAudience = Object.fromEntries(out.map((o) => [to(o), eventsOf(o).map((e) => e.kind)]));
    expect(byAudience).toEqual({ all: ['settings'], 'chair,tech': ['health'], b: ['you'] });
  });

  it('a turn granted: the floor to everyone, and the new right to present to the speaker alone; unchanged rights are not sent again', () => {
    const { state, a } = meetingOf();
    const sent = new WeakMap<Participant, string>();
    state.floor.give({ participantId: a.id, speaker: a.displayName, seconds: 60, grantedBy: 'chair' });
    state.floorChanged();
    const out = framesFor(state, state.takeChanges(), 4, sent);
    expect(out.map(to)).toEqual(['all', 'a']);
    expect(eventsOf(out[0]!).map((e) => e.kind)).toEqual(['floor', 'settings']);
    expect(eventsOf(out[1]!)).toEqual([{ kind: 'you', you: expect.objectContaining({ may: expect.objectContaining({ present: true }) }) }]);
    state.floorChanged();
    expect(framesFor(state, state.takeChanges(), 5, sent).map(to)).toEqual(['all']); // the floor again, not `you`
  });

  it('someone leaving: one participant_left to everyone, their requests out of the queue for those who see it', () => {
    const { state, b } = meetingOf();
    const request = state.floor.request({ participantId: b.id, speaker: b.displayName, topic: '', enteredBy: b.id });
    state.queueChanged(request);
    state.takeChanges();
    state.floor.dropParticipant(b.id);
    state.queueChanged(request);
    b.left = true;
    state.delete(b);
    const out = framesFor(state, state.takeChanges(), 6, new WeakMap());
    expect(out.map(to)).toEqual(['all', 'chair,tech']);
    expect(eventsOf(out[0]!)[0]).toEqual({ kind: 'participant_left', participantId: 'b' });
    expect(eventsOf(out[1]!)).toEqual([{ kind: 'queue', queue: [] }]);
  });
});
