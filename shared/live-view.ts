/**
 * The meeting as one participant sees it, kept from the signaling frames (protocol v3): `joined` and `snapshot`
 * replace the whole view; `events` apply what changed. Pure and immutable — each change returns a new view, so the
 * web client can hand it to React as is. The server's tests and `bench/` use the same function, so what they assert
 * on is what a browser would show.
 */
import type { HealthView, LiveEvent, MeetingInfo, MeetingStateView, ParticipantView, ServerMessage } from './protocol';

export interface LiveView {
  participantId: string | null;
  meeting: MeetingInfo | null;
  /**
   * The sequence number of the last `joined`/`snapshot`: it already holds every change up to it, so `events` frames
   * numbered up to it (sent before it, received after) are ignored. Frames of one flush share their number.
   */
  seq: number;
  /** Everyone in the meeting, by participant id, in the order they entered. */
  participants: ReadonlyMap<string, ParticipantView>;
  /** The same, as a list (rebuilt only when a participant changes). */
  roster: readonly ParticipantView[];
  state: MeetingStateView | null;
}

export const emptyLiveView = (): LiveView => ({ participantId: null, meeting: null, seq: 0, participants: new Map(), roster: [], state: null });

function withRoster(view: LiveView, roster: readonly ParticipantView[], state: MeetingStateView, seq: number): LiveView {
  return { ...view, seq, participants: new Map(roster.map((p) => [p.id, p])), roster, state };
}

/** Applies one server frame; returns the same view when the frame does not concern the view. */
export function applyLiveFrame(view: LiveView, message: ServerMessage): LiveView {
  switch (message.type) {
    case 'joined':
      return withRoster({ ...view, participantId: message.participantId, meeting: message.meeting }, message.roster, message.state, message.seq);
    case 'snapshot':
      return withRoster(view, message.roster, message.state, message.seq);
    case 'events':
      if (message.seq <= view.seq && view.state) return view; // already in the snapshot we have
      return applyEvents(view, message.events);
    default:
      return view;
  }
}

export function applyEvents(view: LiveView, events: readonly LiveEvent[]): LiveView {
  let participants: Map<string, ParticipantView> | null = null;
  let state = view.state;
  const editParticipants = () => (participants ??= new Map(view.participants));
  for (const event of events) {
    switch (event.kind) {
      case 'participant':
        editParticipants().set(event.participant.id, event.participant);
        break;
      case 'participant_left':
        editParticipants().delete(event.participantId);
        break;
      default:
        if (state) state = applyStateEvent(state, event);
    }
  }
  if (!participants) return { ...view, state };
  const map: ReadonlyMap<string, ParticipantView> = participants;
  return { ...view, participants: map, roster: [...map.values()], state };
}

function applyStateEvent(state: MeetingStateView, event: Exclude<LiveEvent, { kind: 'participant' | 'participant_left' }>): MeetingStateView {
  switch (event.kind) {
    case 'floor':
      return { ...state, floor: event.floor };
    case 'queue':
      return { ...state, queue: event.queue };
    case 'lobby':
      return { ...state, lobby: event.lobby };
    case 'settings': {
      const { locked, layout, recording, presentation, presenters, document } = event.settings;
      return { ...state, locked, layout, recording, presentation, presenters, document };
    }
    case 'you':
      return { ...state, you: event.you };
    case 'health':
      return { ...state, health: mergeHealth(state.health, event.health, event.removed) };
  }
}

function mergeHealth(current: readonly HealthView[], changed: readonly HealthView[], removed: readonly string[]): HealthView[] {
  const byId = new Map(current.map((h) => [h.participantId, h]));
  for (const id of removed) byId.delete(id);
  for (const h of changed) byId.set(h.participantId, h);
  return [...byId.values()];
}
