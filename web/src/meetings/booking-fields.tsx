/**
 * Fields of a booking the server always accepted but the form did not offer: the chair endpoint's technician
 * (D19.3: named with their phone in the invitation) and the default speaking time of a floor grant (D10.2), as a
 * choice in minutes.
 */
import type { EndpointView, PersonRef } from '../../../shared/api';
import { t } from '../i18n';
import { PersonSelect } from './participant-pickers';

/** Minutes a floor grant may last by default (the server takes 30 s to 1 h). */
export const SPEAKING_MINUTES = [1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60] as const;
export const DEFAULT_SPEAKING_SECONDS = 300;

export function SpeakingTimeSelect({ seconds, onChange, testId }: { seconds: number; onChange(seconds: number): void; testId: string }) {
  const choices = SPEAKING_MINUTES.map((m) => m * 60);
  // a meeting booked through the API with another value keeps it as a choice
  const options = choices.includes(seconds) ? choices : [...choices, seconds].sort((a, b) => a - b);
  return (
    <label>
      {t('booking.speakingTime')}
      <select value={seconds} onChange={(e) => onChange(Number(e.target.value))} data-testid={testId}>
        {options.map((s) => (
          <option key={s} value={s}>
            {s % 60 === 0 ? t('booking.minutes', { count: s / 60 }) : t('booking.minutesSeconds', { minutes: Math.floor(s / 60), seconds: s % 60 })}
          </option>
        ))}
      </select>
      <span className="small muted">{t('booking.speakingTimeHint')}</span>
    </label>
  );
}

/** The host unit's meeting room and its technician: an invited room of the host unit first, else any of its rooms. */
export function hostRoomTechnician(endpoints: readonly EndpointView[], hostUnitId: string, invited: ReadonlySet<string>): { technicianId: string; room: string } | null {
  const rooms = endpoints.filter((e) => e.unitId === hostUnitId && e.technicians.length > 0);
  const room = rooms.find((e) => invited.has(e.id)) ?? rooms.find((e) => e.kind === 'room') ?? rooms[0];
  return room ? { technicianId: room.technicians[0]!.technician.id, room: room.name } : null;
}

/**
 * The chair endpoint's technician. `value` null follows the host room's technician (`fallback`), so the invitation
 * names a technician and a phone number without the organiser choosing one.
 */
export function ChairTechnicianField(props: {
  people: readonly PersonRef[];
  value: string | null;
  fallback: { technicianId: string; room: string } | null;
  onChange(id: string): void;
  testId: string;
}) {
  const chosen = props.value ?? props.fallback?.technicianId ?? '';
  return (
    <label>
      {t('booking.chairTechnician')}
      <PersonSelect people={props.people} value={chosen} onChange={props.onChange} placeholder={t('booking.noTechnician')} testId={props.testId} />
      <span className="small muted" data-testid={`${props.testId}-hint`}>
        {props.value === null && props.fallback ? t('booking.technicianFromRoom', { room: props.fallback.room }) : t('booking.technicianHint')}
      </span>
    </label>
  );
}
