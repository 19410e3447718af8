/**
 * The warnings a booking or an edit comes back with (it stands, but the organiser should know): invitations that
 * can no longer be sent 3 working days ahead (D7.3), a meeting on a public holiday or a day off, the holiday named.
 */
import type { BookingWarning } from '../../../shared/api';
import { t, type MessageKey } from '../i18n';

const civilDate = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** The sentence shown for one warning. */
export function bookingWarningText(w: BookingWarning): string {
  if (w.rule === 'invitation_notice') return t('meetingNew.warnInvitationNotice', { actual: w.actual, required: w.required });
  const day = `${t(`schedule.weekday.${w.weekday}` as MessageKey)}, ${civilDate(w.date)}`;
  return w.name ? t('meetingNew.warnHoliday', { day, name: w.name }) : t('meetingNew.warnWeekend', { day });
}

export function BookingWarnings({ warnings }: { warnings: readonly BookingWarning[] }) {
  return (
    <>
      {warnings.map((w) => (
        <p key={w.rule === 'day_off' ? w.date : w.rule} className="warning" data-testid="meeting-warning" data-rule={w.rule}>
          {bookingWarningText(w)}
        </p>
      ))}
    </>
  );
}
