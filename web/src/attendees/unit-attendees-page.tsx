/**
 * `/meetings/:id/units/:unitId/attendees` — an invited unit's organiser (the head's office; or the operator) names
 * who attends for the unit (R2.1, R2.5): people and meeting rooms of the unit and the units under it, or every
 * member of the unit. Those named see the meeting, its documents and their weekly schedule, get the invitation
 * (with the meeting password when the organiser types it here) and enter the room directly.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { UnitAttendeesResponse } from '../../../shared/api';
import { attendeesApi } from './api-attendees';
import { meetingAccessApi } from '../meetings/api-meeting-access';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { MeetingFacts } from '../meetings/meeting-facts';
import { EndpointChecklist, InviteeChecklist } from '../meetings/participant-pickers';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { Link } from '../router';
import { useLoad } from '../use-load';

const toggled = (set: ReadonlySet<string>, id: string) => {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
};

export function UnitAttendeesPage({ meetingId, unitId }: { meetingId: string; unitId: string }) {
  const { data: meeting } = useLoad(() => meetingAccessApi.get(meetingId), meetingId);
  const { data, error: loadError } = useLoad(() => attendeesApi.get(meetingId, unitId), `${meetingId}:${unitId}`);
  const [view, setView] = useState<UnitAttendeesResponse | null>(null);
  const [people, setPeople] = useState<ReadonlySet<string>>(new Set());
  const [rooms, setRooms] = useState<ReadonlySet<string>>(new Set());
  const [membersAdmitted, setMembersAdmitted] = useState(false);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState<UnitAttendeesResponse | null>(null);

  const show = (v: UnitAttendeesResponse) => {
    setView(v);
    setPeople(new Set(v.unit.attendees.map((p) => p.id)));
    setRooms(new Set(v.unit.rooms.map((r) => r.id)));
    setMembersAdmitted(v.unit.membersAdmitted);
  };
  useEffect(() => {
    if (data) show(data);
  }, [data]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const next = await attendeesApi.set(meetingId, unitId, { personIds: [...people], endpointIds: [...rooms], membersAdmitted, ...(password ? { password } : {}) });
      show(next);
      setSaved(next);
      setPassword('');
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page">
      <p>
        <Link to={meeting ? `/${meeting.slug}` : '/'}>{t('manage.back')}</Link>
      </p>
      <h1>{t('attendees.title')}</h1>
      {meeting && <MeetingFacts meeting={meeting} testId="attendees-meeting" />}
      <ErrorMessage error={loadError} />
      {view && (
        <form className="card" onSubmit={(e) => void submit(e)} data-testid="attendees-form" data-unit-id={unitId}>
          <p>{t('attendees.intro', { unit: view.unit.name })}</p>
          {view.unit.attendeesNamedAt && <p className="small muted">{t('attendees.namedAt', { at: formatDateTime(view.unit.attendeesNamedAt) })}</p>}
          {!view.canEdit && <p className="notice">{t('attendees.closed')}</p>}
          <fieldset disabled={!view.canEdit || busy}>
            <label className="check">
              <input type="checkbox" checked={membersAdmitted} onChange={(e) => setMembersAdmitted(e.target.checked)} data-testid="attendees-members-admitted" />
              <span>{t('attendees.membersAdmitted')}</span>
            </label>
            <InviteeChecklist
              people={view.candidates.people}
              chairId={meeting?.chair.id ?? ''}
              selected={people}
              onToggle={(id) => setPeople((s) => toggled(s, id))}
              onSetMany={(ids, on) =>
                setPeople((s) => {
                  const next = new Set(s);
                  for (const id of ids) (on ? next.add(id) : next.delete(id));
                  return next;
                })
              }
              legend={t('attendees.people')}
              testId="attendees-people"
              itemTestId="attendees-person"
            />
            {view.candidates.rooms.length > 0 && (
              <EndpointChecklist rooms={view.candidates.rooms} selected={rooms} onToggle={(id) => setRooms((s) => toggled(s, id))} testId="attendees-rooms" itemTestId="attendees-room" />
            )}
            <label>
              {t('attendees.password')}
              <input type="password" autoComplete="off" maxLength={128} value={password} onChange={(e) => setPassword(e.target.value)} data-testid="attendees-password" />
            </label>
          </fieldset>
          <ErrorMessage error={error} />
          {saved && (
            <p className="notice" role="status" data-testid="attendees-saved" data-mailed={saved.mailed}>
              {t(meeting?.invitationsSentAt ? 'attendees.saved' : 'attendees.savedBeforeInvitations', { people: saved.unit.attendees.length, rooms: saved.unit.rooms.length, mailed: saved.mailed })}
            </p>
          )}
          {view.canEdit && (
            <button type="submit" disabled={busy} data-testid="attendees-save">
              {busy ? t('common.saving') : t('attendees.save')}
            </button>
          )}
        </form>
      )}
    </main>
  );
}
