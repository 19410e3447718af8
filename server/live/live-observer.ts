/**
 * Who watches the meetings in progress on this instance from outside them (the operator's console, R3.10): told
 * when a meeting is taken up here and let go, what changed at each flush (the same `ChangeSet` the participants'
 * frames are built from, so the watcher does work only for what changed), and each incident an endpoint reports.
 * Called synchronously from the meeting's flush: an observer must be cheap and must not throw.
 */
import type { z } from 'zod';
import type { incidentView } from '../../shared/protocol';
import type { LiveMeeting } from './live-meeting';
import type { ChangeSet } from './meeting-state';

export type IncidentView = z.infer<typeof incidentView>;

export interface LiveObserver {
  opened(lm: LiveMeeting): void;
  changed(lm: LiveMeeting, changes: ChangeSet): void;
  incident(lm: LiveMeeting, incident: IncidentView): void;
  closed(lm: LiveMeeting): void;
}
