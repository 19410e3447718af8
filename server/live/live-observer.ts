/**
 * Who watches the meetings in progress on this instance from outside them (the operator's console, R3.10): told
 * when a meeting is taken up here and let go, what changed at each flush (the same `ChangeSet` the participants'
 * frames are built from, so the watcher does work only for what changed). Incidents reach the console from the
 * incident register (server/incidents), not from here.
 * Called synchronously from the meeting's flush: an observer must be cheap and must not throw.
 */
import type { LiveMeeting } from './live-meeting';
import type { ChangeSet } from './meeting-state';

export interface LiveObserver {
  opened(lm: LiveMeeting): void;
  changed(lm: LiveMeeting, changes: ChangeSet): void;
  closed(lm: LiveMeeting): void;
}
