import type { ParticipantView } from '../../../shared/protocol';
import { formatDateTime } from '../format';

export function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  const given = words.at(-1) ?? '';
  return (words.length > 1 ? (words[0]?.[0] ?? '') + (given[0] ?? '') : given.slice(0, 2)).toUpperCase();
}

/** "Title Name", as titles of office appear with names (`Phó Chủ tịch UBND tỉnh Nguyễn Bốn`). */
export function nameWithTitle(p: Pick<ParticipantView, 'name' | 'title'>): string {
  return p.title.trim() ? `${p.title.trim()} ${p.name}` : p.name;
}

/** The endpoint line of a frame (R3.2): the room a technician operates, or nothing when the name is the room's. */
export function endpointLine(p: Pick<ParticipantView, 'endpoint' | 'name'>): string | null {
  return p.endpoint && p.endpoint !== p.name ? p.endpoint : null;
}

/** `HH:mm` in Vietnam's time of an ISO instant (the day is the meeting's). */
export function timeOfDay(iso: string): string {
  return formatDateTime(iso).slice(-5);
}
