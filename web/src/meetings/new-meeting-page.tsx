import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { CreateMeetingResponse, EndpointView, PersonRef, UnitView } from '../../../shared/api';
import { defaultMeetingStart } from '../../../shared/calendar/working-days';
import { reservedSlugs, slugify, slugPattern } from '../../../shared/slug';
import { api } from '../api';
import { endpointsApi } from '../endpoints/api-endpoints';
import { organisationApi } from '../organisation/api-organisation';
import { holidaysApi } from '../schedule/api-schedule';
import { RefusalDetails } from './refusal-details';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { DateTimeField } from '../components/date-time-field';
import { EndpointChecklist, InviteeChecklist, PersonSelect } from './participant-pickers';
import { agendaBody, effectiveCheckAt, emptyDetails, MeetingDetailsFields, networkList, validateDetails } from './meeting-details-fields';
import { ChairTechnicianField, DEFAULT_SPEAKING_SECONDS, hostRoomTechnician, SpeakingTimeSelect } from './booking-fields';
import { rememberCreated } from './created-meeting';
import { dateTimeLocalToIso, toDateTimeLocalValue } from '../format';
import { t, type MessageKey } from '../i18n';
import { managedUnits } from '../organisation/organisation-format';
import { navigate } from '../router';
import { useSession } from '../session';
import { useLoad } from '../use-load';
import { UnitSelect } from '../endpoints/endpoint-fields';

const HOUR_MS = 3_600_000;

/**
 * The default start and end: 08:00–09:00 of the first working day that leaves the booking lead (D19.2) and the
 * invitation notice (D7.3), by the operator's list of holidays (this year's and next year's).
 */
async function defaultTimes(): Promise<{ start: string; end: string }> {
  const year = +new Date(Date.now() + 7 * HOUR_MS).toISOString().slice(0, 4);
  const lists = await Promise.all([holidaysApi.year(year), holidaysApi.year(year + 1)]).catch(() => [[], []]);
  const days = lists.flat();
  const holidays = new Set(days.filter((h) => h.kind === 'day_off').map((h) => h.date));
  const workingWeekendDays = new Set(days.filter((h) => h.kind === 'working_day').map((h) => h.date));
  const start = defaultMeetingStart(new Date(), holidays, workingWeekendDays);
  return { start: toDateTimeLocalValue(start), end: toDateTimeLocalValue(new Date(start.getTime() + HOUR_MS)) };
}

/** The operator for any host unit; an organiser for their unit and the units under it (R1.1, M8.1). */
export function NewMeetingPage() {
  const { user } = useSession();
  const { data: people, error: loadError } = useLoad(api.directory, 'people');
  const { data: units, error: unitsError } = useLoad(organisationApi.units, 'units');
  // The endpoint registry (R1.4); without it the form still works, for people only.
  const { data: registry, error: endpointsError } = useLoad(endpointsApi.list, 'endpoints');
  const { data: times } = useLoad(defaultTimes, 'default-times');
  const hostUnits = useMemo(() => (user && units ? managedUnits(units, user) : []), [user, units]);

  if (!user) return null;
  const ready = people && units && times && (registry || endpointsError);
  return (
    <main className="page">
      <h1>{t('meetingNew.title')}</h1>
      <ErrorMessage error={loadError ?? unitsError} />
      {ready && (
        <NewMeetingForm
          people={people}
          hostUnits={hostUnits}
          defaultHostUnitId={hostUnits.some((u) => u.id === user.unitId) ? user.unitId : ''}
          endpoints={registry?.endpoints ?? []}
          endpointsError={endpointsError}
          units={units}
          defaultTimes={times}
          onCreated={(created) => {
            // the meeting's own page, with what comes next (documents, invitations, the office's approval)
            rememberCreated(created);
            navigate(`/meetings/${created.meeting.id}/manage`);
          }}
        />
      )}
    </main>
  );
}

const collator = new Intl.Collator('vi');

interface NewMeetingFormProps {
  /** The organisation's directory, sorted by unit, title of office and given name. */
  people: PersonRef[];
  /** The units the signed-in person may create meetings for, in tree order. */
  hostUnits: UnitView[];
  defaultHostUnitId: string;
  endpoints: EndpointView[];
  endpointsError: ShownError | null;
  /** Every unit, to invite units as a whole (R2.1). */
  units: UnitView[];
  defaultTimes: { start: string; end: string };
  onCreated(created: CreateMeetingResponse): void;
}

function NewMeetingForm({ people, hostUnits, defaultHostUnitId, endpoints, endpointsError, units, defaultTimes, onCreated }: NewMeetingFormProps) {
  const rooms = useMemo(() => [...endpoints].sort((a, b) => collator.compare(a.unit, b.unit) || collator.compare(a.name, b.name)), [endpoints]);
  const [hostUnitId, setHostUnitId] = useState(defaultHostUnitId);
  const [endpointIds, setEndpointIds] = useState<ReadonlySet<string>>(new Set());
  const [title, setTitle] = useState('');
  const [times, setTimes] = useState(defaultTimes);
  const [chairId, setChairId] = useState('');
  /** null: the host room's technician. */
  const [technicianId, setTechnicianId] = useState<string | null>(null);
  const [speakingSeconds, setSpeakingSeconds] = useState(DEFAULT_SPEAKING_SECONDS);
  const [inviteeIds, setInviteeIds] = useState<ReadonlySet<string>>(new Set());
  const [slugEdited, setSlugEdited] = useState<string | null>(null); // null: follows the title
  const [password, setPassword] = useState('');
  const [notStateSecret, setNotStateSecret] = useState(false);
  const [emergency, setEmergency] = useState(false);
  const mayDeclareEmergency = useSession().user?.role === 'operator';
  const [details, setDetails] = useState(emptyDetails);
  const [busy, setBusy] = useState(false);
  /** The server's refusal, until a field changes. */
  const [error, setError] = useState<ShownError | null>(null);
  /** After a first try the form's own checks are shown, and each goes away as soon as its field is right. */
  const [attempted, setAttempted] = useState(false);

  const slug = slugEdited ?? slugify(title);
  const roomTechnician = useMemo(() => hostRoomTechnician(endpoints, hostUnitId, endpointIds), [endpoints, hostUnitId, endpointIds]);
  const chairTechnicianId = technicianId ?? roomTechnician?.technicianId ?? '';
  useEffect(() => setError(null), [title, times, hostUnitId, chairId, chairTechnicianId, speakingSeconds, inviteeIds, endpointIds, slug, password, notStateSecret, emergency, details]);

  const toggle = (set: typeof setInviteeIds) => (id: string) =>
    set((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleInvitee = toggle(setInviteeIds);
  const toggleEndpoint = toggle(setEndpointIds);

  const validate = (): MessageKey | null => {
    const trimmed = title.trim();
    if (trimmed.length < 3 || trimmed.length > 300) return 'meetingNew.titleInvalid';
    const startsAt = dateTimeLocalToIso(times.start);
    const endsAt = dateTimeLocalToIso(times.end);
    if (!startsAt || !endsAt || Date.parse(endsAt) <= Date.parse(startsAt)) return 'meeting_time_invalid';
    if (!hostUnitId) return 'meetingNew.hostUnitRequired';
    if (!chairId) return 'meetingNew.chairRequired';
    if (!slugPattern.test(slug)) return 'meetingNew.slugInvalid';
    if (reservedSlugs.has(slug)) return 'meeting_slug_reserved';
    if (password.length < 4 || password.length > 64) return 'meetingNew.passwordInvalid';
    if (!notStateSecret) return 'meetingNew.notStateSecretRequired';
    return null;
  };

  const invalid = validate();
  const invalidDetails = validateDetails(details);
  const shownInvalid = attempted ? (invalid ?? invalidDetails) : null;

  /** A start moved keeps the meeting's length. */
  const setStart = (start: string) =>
    setTimes((p) => {
      const [oldStart, oldEnd, newStart] = [dateTimeLocalToIso(p.start), dateTimeLocalToIso(p.end), dateTimeLocalToIso(start)];
      if (!oldStart || !oldEnd || !newStart) return { ...p, start };
      return { start, end: toDateTimeLocalValue(new Date(Date.parse(newStart) + Date.parse(oldEnd) - Date.parse(oldStart))) };
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (invalid || invalidDetails) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.createMeeting({
        title: title.trim(),
        startsAt: dateTimeLocalToIso(times.start)!,
        endsAt: dateTimeLocalToIso(times.end)!,
        hostUnitId,
        chairId,
        ...(chairTechnicianId ? { chairTechnicianId } : {}),
        speakingSeconds,
        inviteeIds: [...inviteeIds].filter((id) => id !== chairId),
        endpointIds: [...endpointIds],
        slug,
        password,
        notStateSecret: true,
        emergency,
        type: details.type,
        typeNote: details.type === 'other' ? details.typeNote.trim() : '',
        unitIds: [...details.unitIds],
        agenda: agendaBody(details.agenda),
        backdropText: details.backdropText.trim(),
        ...(effectiveCheckAt(details, times.start) ? { checkAt: dateTimeLocalToIso(effectiveCheckAt(details, times.start))! } : {}),
        needsMinutes: details.needsMinutes,
        restricted: details.restricted,
        allowedNetworks: details.restricted ? networkList(details.networks) : [],
        requireSecondFactor: details.restricted && details.requireSecondFactor,
      });
      onCreated(result);
    } catch (caught) {
      setError(toShownError(caught));
      setBusy(false);
    }
  };


  return (
    <form className="card wide-form" onSubmit={(e) => void submit(e)} noValidate>
      <label>
        {t('meetingNew.meetingTitle')}
        <input required value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} data-testid="meeting-title" />
      </label>
      <div className="row">
        <DateTimeField label={t('meetingNew.start')} value={times.start} onChange={setStart} testId="meeting-start" />
        <DateTimeField label={t('meetingNew.end')} value={times.end} onChange={(end) => setTimes((p) => ({ ...p, end }))} testId="meeting-end" />
      </div>
      <p className="small muted">{t('meetingNew.timeZoneNote')}</p>
      <label>
        {t('meetingNew.hostUnit')}
        <UnitSelect units={hostUnits} value={hostUnitId} onChange={setHostUnitId} placeholder={t('users.chooseUnit')} testId="meeting-host-unit" required />
      </label>
      <label>
        {t('meetingNew.chair')}
        <PersonSelect people={people} value={chairId} onChange={setChairId} placeholder={t('meetingNew.chooseChair')} testId="meeting-chair" required />
      </label>
      <div className="row">
        <ChairTechnicianField people={people} value={technicianId} fallback={roomTechnician} onChange={setTechnicianId} testId="meeting-chair-technician" />
        <SpeakingTimeSelect seconds={speakingSeconds} onChange={setSpeakingSeconds} testId="meeting-speaking-time" />
      </div>
      <InviteeChecklist
        people={people}
        chairId={chairId}
        selected={inviteeIds}
        onToggle={toggleInvitee}
        onSetMany={(ids, on) =>
          setInviteeIds((current) => {
            const next = new Set(current);
            for (const id of ids) (on ? next.add(id) : next.delete(id));
            return next;
          })
        }
        testId="meeting-invitees"
        itemTestId="meeting-invitee"
      />
      <EndpointChecklist rooms={rooms} selected={endpointIds} onToggle={toggleEndpoint} testId="meeting-endpoints" itemTestId="meeting-endpoint" searchTestId="meeting-endpoint-search">
        <ErrorMessage error={endpointsError} />
        {!endpointsError && rooms.length === 0 && <p className="small muted">{t('meetingNew.noEndpoints')}</p>}
      </EndpointChecklist>
      <MeetingDetailsFields value={details} onChange={setDetails} people={people} units={units} start={times.start} />
      <label>
        {t('meetingNew.slug')}
        <div className="prefixed">
          <span className="muted">{location.host}/</span>
          <input
            required
            value={slug}
            maxLength={64}
            autoCapitalize="none"
            spellCheck={false}
            onChange={(e) => setSlugEdited(e.target.value.toLowerCase())}
            data-testid="meeting-slug"
          />
        </div>
        <span className="small muted">{t('meetingNew.slugHint')}</span>
      </label>
      <label>
        {t('meetingNew.password')}
        <input
          type="text"
          required
          minLength={4}
          maxLength={64}
          autoComplete="off"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="meeting-new-password"
        />
        <span className="small muted">{t('meetingNew.passwordHint')}</span>
      </label>
      {/* D19.1–D19.2: the office books the chairman's emergencies; others book 2 days ahead and wait for approval. */}
      {mayDeclareEmergency ? (
        <label className="check">
          <input type="checkbox" checked={emergency} onChange={(e) => setEmergency(e.target.checked)} data-testid="meeting-emergency" />
          <span>
            {t('meetingNew.emergency')} <span className="small muted">{t('meetingNew.emergencyHint')}</span>
          </span>
        </label>
      ) : (
        <p className="small muted" data-testid="meeting-emergency-office">
          {t('meetingNew.emergencyByOffice')}
        </p>
      )}
      <label className="check">
        <input type="checkbox" required checked={notStateSecret} onChange={(e) => setNotStateSecret(e.target.checked)} data-testid="meeting-not-state-secret" />
        <span>{t('meetingNew.notStateSecret')}</span>
      </label>
      {shownInvalid && (
        <p className="error" role="alert" data-testid="error-message">
          {typeof shownInvalid === 'string' ? t(shownInvalid) : t(shownInvalid.key, shownInvalid.params)}
        </p>
      )}
      <ErrorMessage error={error} />
      <RefusalDetails error={error} />
      <button type="submit" disabled={busy} data-testid="meeting-submit">
        {busy ? t('common.saving') : t('meetingNew.submit')}
      </button>
    </form>
  );
}
