/** A roster line for the unit tests of the meeting room (every field as the server sends it). */
import type { ParticipantView } from '../../../shared/protocol';

let next = 0;
export function person(name: string, unit: string, extra: Partial<ParticipantView> = {}): ParticipantView {
  next += 1;
  return {
    id: `p${next}`,
    userId: `u${next}`,
    name,
    title: '',
    unit,
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
  };
}
