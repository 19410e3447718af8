import { describe, expect, it } from 'vitest';
import { applyLiveFrame, emptyLiveView } from './live-view';
import { PROTOCOL_VERSION, type MeetingStateView, type ParticipantView, type ServerMessage } from './protocol';

const person = (id: string, extra: Partial<ParticipantView> = {}): ParticipantView => ({
  id,
  userId: `u-${id}`,
  name: `Người ${id}`,
  title: '',
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
  connection: 'online',
  ...extra,
});

const state: MeetingStateView = {
  floor: null,
  queue: [],
  locked: false,
  layout: { mode: 'main', pinned: null, main: 'a' },
  recording: false,
  presentation: null,
  presenters: [],
  document: null,
  lobby: [],
  health: [],
  you: { role: 'chair', may: { controlFloor: true, requestFloor: false, requestOnBehalf: false, moderate: true, layout: true, record: true, admit: true, present: true, technicianChat: false, reportIncident: false, leaveFreely: true } },
};

const joined: ServerMessage = {
  type: 'joined',
  v: PROTOCOL_VERSION,
  participantId: 'a',
  meeting: { id: 'm', title: 'Giao ban', slug: 'giao-ban', chairId: 'u-a', startsAt: '2026-12-31T08:00:00Z', endsAt: '2026-12-31T10:00:00Z' },
  media: 'available',
  resumeToken: 'token-token-token-token',
  resumed: false,
  keepMedia: false,
  seq: 5,
  roster: [person('a', { isChair: true }), person('b')],
  state,
};

describe('the live view kept from signaling frames', () => {
  it('takes the whole view from joined, then applies changes: lines in and out, floor, queue, lobby, settings, health, rights', () => {
    let view = applyLiveFrame(emptyLiveView(), joined);
    expect(view.roster.map((p) => p.id)).toEqual(['a', 'b']);
    view = applyLiveFrame(view, {
      type: 'events',
      seq: 6,
      events: [
        { kind: 'participant', participant: person('c') },
        { kind: 'participant', participant: person('b', { audible: true }) },
        { kind: 'participant_left', participantId: 'a' },
        { kind: 'floor', floor: { grantId: 'g', participantId: 'b', speaker: 'Người b', grantedAt: '2026-12-07T08:00:00Z', endsAt: '2026-12-07T08:05:00Z', warnAt: '2026-12-07T08:04:30Z' } },
        { kind: 'queue', queue: [{ id: 'r', participantId: 'c', speaker: 'Người c', topic: '', requestedAt: '2026-12-07T08:00:00Z' }] },
        { kind: 'lobby', lobby: [{ lobbyId: 'l', name: 'Khách', title: '', unit: 'Sở Y tế', reason: 'not_invited', since: '2026-12-07T08:00:00Z' }] },
        { kind: 'settings', settings: { ...state, locked: true, layout: { mode: 'grid', pinned: null, main: 'b' } } },
        { kind: 'health', health: [{ participantId: 'b', state: 'good', sendKbps: 500, receiveKbps: 800, lossPercent: 0, jitterMs: 2, rttMs: 20, at: '2026-12-07T08:00:00Z' }], removed: [] },
      ],
    });
    expect(view.roster.map((p) => [p.id, p.audible])).toEqual([
      ['b', true],
      ['c', false],
    ]);
    expect(view.state).toMatchObject({ floor: { participantId: 'b' }, queue: [{ id: 'r' }], lobby: [{ lobbyId: 'l' }], locked: true, layout: { mode: 'grid', main: 'b' } });
    expect(view.state!.health.map((h) => h.participantId)).toEqual(['b']);
    view = applyLiveFrame(view, { type: 'events', seq: 7, events: [{ kind: 'health', health: [], removed: ['b'] }, { kind: 'you', you: { ...state.you, role: 'delegate' } }] });
    expect(view.state!.health).toEqual([]);
    expect(view.state!.you.role).toBe('delegate');
  });

  it('ignores changes its snapshot already holds; frames of one flush share their number', () => {
    let view = applyLiveFrame(emptyLiveView(), joined);
    const old = applyLiveFrame(view, { type: 'events', seq: 5, events: [{ kind: 'participant_left', participantId: 'b' }] });
    expect(old).toBe(view);
    view = applyLiveFrame(view, { type: 'events', seq: 6, events: [{ kind: 'floor', floor: null }] });
    view = applyLiveFrame(view, { type: 'events', seq: 6, events: [{ kind: 'participant_left', participantId: 'b' }] });
    expect(view.roster.map((p) => p.id)).toEqual(['a']);
  });

  it('a snapshot replaces everything; a frame that is not about the view leaves it as it is', () => {
    let view = applyLiveFrame(emptyLiveView(), joined);
    view = applyLiveFrame(view, { type: 'snapshot', seq: 9, roster: [person('z')], state: { ...state, locked: true } });
    expect(view.roster.map((p) => p.id)).toEqual(['z']);
    expect(view.participantId).toBe('a');
    expect(applyLiveFrame(view, { type: 'notice', id: 'meeting_locked' })).toBe(view);
  });
});
