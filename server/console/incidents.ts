/**
 * Where the console's open incidents come from (R3.10, R5.4): the incident register — raised in a meeting
 * (`report_incident`) or outside one — until resolved. The console only needs this small interface.
 */
import type { ConsoleIncidentView, IncidentView as RegisterIncidentView } from '../../shared/api';

export interface OpenIncidents {
  /** The open incidents now (read at each refresh of the console, every few seconds, and on the first subscriber). */
  open(): Promise<ConsoleIncidentView[]>;
  /** Called with an incident raised (or changed) at once, without waiting for the next refresh. */
  onRaised(listener: (incident: ConsoleIncidentView) => void): void;
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
