/**
 * Where the console's open incidents come from (R3.10, R5.4). The console only needs this small interface; today
 * it is fed by the incidents endpoints report in their meetings (`report_incident`, kept as `incident` meeting
 * events), open while their meeting is under way. The incident register (issue 17 point 3) plugs in here by
 * implementing `OpenIncidents` over its table, with `changed()` called when one is raised or resolved.
 */
import type { ConsoleIncidentView, IncidentView as RegisterIncidentView } from '../../shared/api';
import type { IncidentView } from '../live/live-observer';

export interface OpenIncidents {
  /** The open incidents now (read at each refresh of the console, every few seconds, and on the first subscriber). */
  open(): Promise<ConsoleIncidentView[]>;
  /** Called with an incident raised (or changed) at once, without waiting for the next refresh. */
  onRaised(listener: (incident: ConsoleIncidentView) => void): void;
}

/** The incidents reported in the meetings under way (on any instance: read from the meeting log). */
export class MeetingIncidents implements OpenIncidents {
  private listener?: (incident: ConsoleIncidentView) => void;

  constructor(private readonly fromLog: () => Promise<ConsoleIncidentView[]>) {}

  open(): Promise<ConsoleIncidentView[]> {
    return this.fromLog();
  }

  onRaised(listener: (incident: ConsoleIncidentView) => void): void {
    this.listener = listener;
  }

  /** An endpoint of a meeting run here reported one: the console shows it at its next push. */
  reported(meeting: { id: string; title: string }, incident: IncidentView): void {
    this.listener?.({
      id: incident.id,
      meetingId: meeting.id,
      meetingTitle: meeting.title,
      from: incident.from,
      cause: incident.cause,
      remedy: incident.remedy,
      expectedMinutes: incident.expectedMinutes,
      at: incident.at,
    });
  }
}

/** What the console needs of the incident register (server/incidents' IncidentService). */
export interface IncidentRegister {
  unresolved(): Promise<RegisterIncidentView[]>;
  onChange(listener: (event: { type: 'raised' | 'updated' | 'resolved'; incident: RegisterIncidentView }) => void): () => void;
}

const fromRegister = (i: RegisterIncidentView): ConsoleIncidentView => ({
  id: i.id,
  meetingId: i.meeting?.id ?? null,
  meetingTitle: i.meeting?.title ?? '',
  from: [i.endpoint?.name ?? i.unit.name, i.reportedBy.name].join(' — '),
  cause: i.detail ? `${i.cause}: ${i.detail}` : i.cause,
  remedy: i.remedy,
  expectedMinutes: i.expectedFixAt ? Math.max(0, Math.round((Date.parse(i.expectedFixAt) - Date.parse(i.createdAt)) / 60_000)) : null,
  at: i.createdAt,
});

/**
 * The open incidents of the register (R5.4): in and outside meetings, of every unit, until resolved. A new or
 * changed one reaches the console at once; a resolved one leaves it at the next refresh.
 */
export class RegisterIncidents implements OpenIncidents {
  constructor(private readonly register: IncidentRegister) {}

  async open(): Promise<ConsoleIncidentView[]> {
    return (await this.register.unresolved()).map(fromRegister);
  }

  onRaised(listener: (incident: ConsoleIncidentView) => void): void {
    this.register.onChange((event) => {
      if (event.type !== 'resolved') listener(fromRegister(event.incident));
    });
  }
}
