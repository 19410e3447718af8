/**
 * What other domains hear about a meeting's life (R2.4, R2.6, D24.3): invitations send updated iCalendar files and
 * notices to everyone, reminders are rescheduled. Called inside the transaction of the change, so the change and
 * its announcements exist together or not at all.
 */
import type { Tx } from '../db/client';

export type MeetingChange =
  /** The office approved the booking (D21.1). */
  | { kind: 'approved' }
  | { kind: 'rejected'; reason: string }
  /** Details changed (title, agenda, time, …); `postponed` when the start moved later (R2.6). */
  | { kind: 'updated'; postponed: boolean; reason: string; fields: string[] }
  | { kind: 'cancelled'; reason: string };

export interface MeetingChangeListener {
  meetingChanged(tx: Tx, meetingId: string, change: MeetingChange, actorId: string): Promise<void>;
}

/** Fans a change out to every listener, in order. Listeners are added at start-up (app.ts). */
export class MeetingChanges implements MeetingChangeListener {
  private readonly listeners: MeetingChangeListener[] = [];

  add(listener: MeetingChangeListener): void {
    this.listeners.push(listener);
  }

  async meetingChanged(tx: Tx, meetingId: string, change: MeetingChange, actorId: string): Promise<void> {
    for (const l of this.listeners) await l.meetingChanged(tx, meetingId, change, actorId);
  }
}
