/**
 * The invited units of a meeting on its manage page (R2.1, R2.4, R2.5): who each named to attend for it, and —
 * plainly, at the top — the units nobody would receive the invitation for. The operator may name attendees for a
 * unit without an organiser account; the unit's own organisers do it from the meeting's page.
 */
import type { MeetingView } from '../../../shared/api';
import { t } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';

export function UnreachableUnits({ units }: { units: readonly { name: string }[] }) {
  if (units.length === 0) return null;
  return (
    <p className="warning-text" role="alert" data-testid="unreachable-units" data-count={units.length}>
      {t('meeting.unreachableUnits', { names: units.map((u) => u.name).join('; ') })}
    </p>
  );
}

export function InvitedUnits({ meeting }: { meeting: MeetingView }) {
  const { user } = useSession();
  if (meeting.units.length === 0) return null;
  return (
    <section className="card" data-testid="invited-units">
      <h2>{t('meeting.invitedUnits')}</h2>
      <UnreachableUnits units={meeting.unreachableUnits} />
      <ul>
        {meeting.units.map((u) => (
          <li key={u.id} data-testid="invited-unit" data-unit-id={u.id} data-attendees={u.attendees.length} data-members-admitted={u.membersAdmitted}>
            <span className="strong">{u.name}</span>
            {': '}
            {u.membersAdmitted ? t('attendees.allMembers') : u.attendees.length + u.rooms.length ? t('attendees.summary', { people: u.attendees.length, rooms: u.rooms.length }) : t('attendees.none')}
            {u.attendees.length > 0 && <div className="small muted">{u.attendees.map((p) => p.name).join(', ')}</div>}
            {user?.role === 'operator' && meeting.canEdit && (
              <>
                {' · '}
                <Link to={`/meetings/${meeting.id}/units/${u.id}/attendees`} className="small" data-testid="invited-unit-attendees-link">
                  {t('attendees.link')}
                </Link>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
