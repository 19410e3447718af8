import { useMemo, useState, type FormEvent } from 'react';
import type { CreateMeetingResponse, EndpointView, PersonRef, UnitView } from '../../../shared/api';
import { reservedSlugs, slugify, slugPattern } from '../../../shared/slug';
import { api } from '../api';
import { endpointsApi } from '../endpoints/api-endpoints';
import { organisationApi } from '../organisation/api-organisation';
import { CopyButton } from '../components/copy-button';
import { BookingWarnings } from './booking-warnings';
import { RefusalDetails } from './refusal-details';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { EndpointChecklist, InviteeChecklist, PersonSelect } from './participant-pickers';
import { agendaBody, effectiveCheckAt, emptyDetails, MeetingDetailsFields, networkList, validateDetails } from './meeting-details-fields';
import { dateTimeLocalToIso, toDateTimeLocalValue } from '../format';
import { t, type MessageKey } from '../i18n';
import { managedUnits } from '../organisation/organisation-format';
import { Link } from '../router';
import { useSession } from '../session';
import { useLoad } from '../use-load';
import { UnitSelect } from '../endpoints/endpoint-fields';

const HOUR_MS = 3_600_000;

/** The next full hour two days from now (the booking lead time, D19.2), and one hour after it, as Vietnam-time values. */
function defaultTimes(): { start: string; end: string } {
  const start = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + 48 * HOUR_MS; // Vietnam's offset is a whole number of hours
  return { start: toDateTimeLocalValue(new Date(start)), end: toDateTimeLocalValue(new Date(start + HOUR_MS)) };
}


/** The operator for any host unit; an organiser for their unit and the units under it (R1.1, M8.1). */
export function NewMeetingPage() {
  const { user } = useSession();
  const { data: people, error: loadError } = useLoad(api.directory, 'people');
  const { data: units, error: unitsError } = useLoad(organisationApi.units, 'units');
  // The endpoint registry (R1.4); without it the form still works, for people only.
  const { data: registry, error: endpointsError } = useLoad(endpointsApi.list, 'endpoints');
  const [created, setCreated] = useState<CreateMeetingResponse | null>(null);
  const hostUnits = useMemo(() => (user && units ? managedUnits(units, user) : []), [user, units]);

  if (!user) return null;
  const ready = people && units && (registry || endpointsError);
  return (
    <main className="page">
      <h1>{t('meetingNew.title')}</h1>
      <ErrorMessage error={loadError ?? unitsError} />
      {created ? (
        <MeetingCreated created={created} onAnother={() => setCreated(null)} />
      ) : (
        ready && (
          <NewMeetingForm
            people={people}
            hostUnits={hostUnits}
            defaultHostUnitId={hostUnits.some((u) => u.id === user.unitId) ? user.unitId : ''}
            endpoints={registry?.endpoints ?? []}
            endpointsError={endpointsError}
            units={units}
            onCreated={setCreated}
          />
        )
      )}
    </main>
  );
}

function MeetingCreated({ created: { meeting, warnings }, onAnother }: { created: CreateMeetingResponse; onAnother(): void }) {
  const link = `${location.origin}/${meeting.slug}`;
  return (
    <div className="card notice" role="status">
      <p>{t('meetingNew.created', { title: meeting.title })}</p>
      {meeting.approval.status === 'pending' && (
        <p className="notice" data-testid="meeting-created-pending">
          {t('approval.pendingNotice')}
        </p>
      )}
      <BookingWarnings warnings={warnings} />
      <p>
        <Link to={`/${meeting.slug}`} data-testid="meeting-link">
          {link}
        </Link>{' '}
        <CopyButton text={link} />
      </p>
      <button type="button" className="secondary" onClick={onAnother}>
        {t('meetingNew.another')}
      </button>
    </div>
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
  onCreated(created: CreateMeetingResponse): void;
}

function NewMeetingForm({ people, hostUnits, defaultHostUnitId, endpoints, endpointsError, units, onCreated }: NewMeetingFormProps) {
  const rooms = useMemo(() => [...endpoints].sort((a, b) => collator.compare(a.unit, b.unit) || collator.compare(a.name, b.name)), [endpoints]);
  const [hostUnitId, setHostUnitId] = useState(defaultHostUnitId);
  const [endpointIds, setEndpointIds] = useState<ReadonlySet<string>>(new Set());
  const [title, setTitle] = useState('');
  const [times, setTimes] = useState(defaultTimes);
  const [chairId, setChairId] = useState('');
  const [inviteeIds, setInviteeIds] = useState<ReadonlySet<string>>(new Set());
  const [slugEdited, setSlugEdited] = useState<string | null>(null); // null: follows the title
  const [password, setPassword] = useState('');
  const [notStateSecret, setNotStateSecret] = useState(false);
  const [emergency, setEmergency] = useState(false);
  const mayDeclareEmergency = useSession().user?.role === 'operator';
  const [details, setDetails] = useState(emptyDetails);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [detailsError, setDetailsError] = useState<{ key: MessageKey; params: Record<string, string> } | null>(null);

  const slug = slugEdited ?? slugify(title);

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

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const invalid = validate();
    const invalidDetails = validateDetails(details);
    setDetailsError(invalidDetails === null || typeof invalidDetails === 'string' ? null : invalidDetails);
    if (invalid || invalidDetails) {
      setError(invalid ?? (typeof invalidDetails === 'string' ? invalidDetails : null));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await api.createMeeting({
        title: title.trim(),
        startsAt: dateTimeLocalToIso(times.start)!,
        endsAt: dateTimeLocalToIso(times.end)!,
        hostUnitId,
        chairId,
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
        <label>
          {t('meetingNew.start')}
          <input
            type="datetime-local"
            required
            value={times.start}
            onChange={(e) => setTimes((p) => ({ ...p, start: e.target.value }))}
            data-testid="meeting-start"
          />
        </label>
        <label>
          {t('meetingNew.end')}
          <input
            type="datetime-local"
            required
            value={times.end}
            onChange={(e) => setTimes((p) => ({ ...p, end: e.target.value }))}
            data-testid="meeting-end"
          />
        </label>
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
      <ErrorMessage error={error} />
      {detailsError && (
        <p className="error" role="alert" data-testid="error-message">
          {t(detailsError.key, detailsError.params)}
        </p>
      )}
      <RefusalDetails error={error} />
      <button type="submit" disabled={busy} data-testid="meeting-submit">
        {busy ? t('common.saving') : t('meetingNew.submit')}
      </button>
    </form>
  );
}
