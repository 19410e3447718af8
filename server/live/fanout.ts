/**
 * Turns what changed in a meeting into `events` frames, one per audience, each serialised once: everyone gets the
 * participants who entered, changed or left, the floor and the settings; those who control the floor get the whole
 * queue and the others their own requests; those who admit get the lobby; the technicians and the chair get the
 * health lines that changed; a participant whose rights changed gets `you`. A roster line is the participant's
 * cached JSON, so a join costs one serialisation of one line, not of the roster per recipient.
 */
import type { LiveEvent } from '../../shared/protocol';
import type { ChangeSet, MeetingState } from './meeting-state';
import type { Participant } from './participant';

export interface Outgoing {
  /** Everyone in the meeting, or these participants. */
  to: 'all' | readonly Participant[];
  frame: string;
  /** A frame of changes, which a snapshot replaces for a connection that fell behind. */
  skippable?: boolean;
}

const eventsFrame = (seq: number, events: string[]) => `{"type":"events","seq":${seq},"events":[${events.join(',')}]}`;
const event = (e: LiveEvent) => JSON.stringify(e);

export function framesFor(state: MeetingState, changes: ChangeSet, seq: number, sentYou: WeakMap<Participant, string>): Outgoing[] {
  const out: Outgoing[] = [];

  const forAll: string[] = [];
  for (const p of changes.participants) if (!p.left) forAll.push(`{"kind":"participant","participant":${p.json()}}`);
  for (const id of changes.left) forAll.push(event({ kind: 'participant_left', participantId: id }));
  if (changes.floor) forAll.push(event({ kind: 'floor', floor: state.floorView() }));
  if (changes.settings) {
    const settings = state.settingsIfChanged();
    if (settings) forAll.push(`{"kind":"settings","settings":${settings}}`);
  }
  if (forAll.length) out.push({ skippable: true, to: 'all', frame: eventsFrame(seq, forAll) });

  if (changes.queue && state.controllers.size) {
    out.push({ skippable: true, to: [...state.controllers], frame: eventsFrame(seq, [event({ kind: 'queue', queue: state.queueFor(null) })]) });
  }
  for (const id of changes.queueOwners) {
    const p = state.participants.get(id);
    if (p && !state.controllers.has(p)) out.push({ skippable: true, to: [p], frame: eventsFrame(seq, [event({ kind: 'queue', queue: state.queueFor(p) })]) });
  }

  if (changes.lobby && state.admitters.size) {
    out.push({ skippable: true, to: [...state.admitters], frame: eventsFrame(seq, [event({ kind: 'lobby', lobby: state.lobbyView() })]) });
  }

  if (changes.health.size && state.healthWatchers.size) {
    const health = [];
    const removed = [];
    for (const id of changes.health) {
      const line = state.health.get(id);
      if (line) health.push(line);
      else removed.push(id);
    }
    out.push({ skippable: true, to: [...state.healthWatchers], frame: eventsFrame(seq, [event({ kind: 'health', health, removed })]) });
  }

  for (const p of changes.you) {
    if (p.left || !state.participants.has(p.id)) continue;
    const you = JSON.stringify(state.you(p));
    if (sentYou.get(p) === you) continue;
    sentYou.set(p, you);
    out.push({ skippable: true, to: [p], frame: eventsFrame(seq, [`{"kind":"you","you":${you}}`]) });
  }
  return out;
}
