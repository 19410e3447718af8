/**
 * Panels of the manage page for the meeting itself: the office's approval (D21.1), editing with a version check,
 * and cancellation. Each hands the meeting as the server returned it to `onChanged`.
 */
import { EndpointChecklist, InviteeChecklist, PersonSelect } from './participant-pickers';
import { DateTimeField } from '../components/date-time-field';
import { ChairTechnicianField, SpeakingTimeSelect } from './booking-fields';
import { useMemo, useState, type FormEvent } from 'react';
import type { EndpointView, BookingWarning, MeetingView, UpdateMeetingBody, UnitView } from '../../../shared/api';
import { api, ApiError } from '../api';
import { endpointsApi } from '../endpoints/api-endpoints';
import { meetingAccessApi } from './api-meeting-access';
import { meetingsApi } from './api-meetings';
import { organisationApi } from '../organisation/api-organisation';
import { dateTimeLocalToIso, formatDateTime, toDateTimeLocalValue } from '../format';
import { t, type MessageKey } from '../i18n';
import { useLoad } from '../use-load';
import { BookingWarnings } from './booking-warnings';
import { RefusalDetails } from './refusal-details';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { agendaBody, detailsOf, effectiveCheckAt, MeetingDetailsFields, networkList, validateDetails, type MeetingDetailsValue } from './meeting-details-fields';

const HOUR_MS = 3_600_000;

/** The office approves or rejects a pending booking (D21.1); shown to operators while it is pending. */
export function ApprovalPanel({ meeting, onChanged }: { meeting: MeetingView; onChanged(m: MeetingView): void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  if (!meeting.canApprove) return null;

  const run = async (action: () => Promise<MeetingView>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await action());
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };
  const reject = () => {
    const trimmed = reason.trim();
    if (trimmed.length < 3 || trimmed.length > 500) return setError('approval.reasonInvalid');
    void run(() => meetingsApi.reject(meeting.id, trimmed));
  };

  return (
    <section className="card" data-testid="approval-panel">
      <h2>{t('approval.panelTitle')}</h2>
      <p className="small">{t('approval.panelIntro')}</p>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void run(() => meetingsApi.approve(meeting.id))} data-testid="approve-button">
          {t('approval.approve')}
        </button>
      </div>
      <label>
        {t('approval.rejectReason')}
        <textarea rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reject-reason" />
      </label>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" className="danger" disabled={busy} onClick={reject} data-testid="reject-button">
          {t('approval.reject')}
        </button>
      </div>
    </section>
  );
}

/**
 * The office opens the room before its system-check time (D19.1, D19.3), giving the reason kept in the audit trail;
 * shown to operators while the room is not open yet.
 */
export function OpenEarlyPanel({ meeting, onChanged }: { meeting: MeetingView; onChanged(m: MeetingView): void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  if (!meeting.canOpenEarly) return null;

  const open = async () => {
    const trimmed = reason.trim();
    if (trimmed.length < 3 || trimmed.length > 500) return setError('approval.reasonInvalid');
    setBusy(true);
    setError(null);
    try {
      onChanged(await meetingsApi.openEarly(meeting.id, trimmed));
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="open-early-panel">
      <h2>{t('openEarly.title')}</h2>
      <p className="small">{t('openEarly.intro', { opensAt: formatDateTime(meeting.opensAt) })}</p>
      <label>
        {t('openEarly.reason')}
        <textarea rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="open-early-reason" />
      </label>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void open()} data-testid="open-early-button">
          {t('openEarly.button')}
        </button>
      </div>
    </section>
  );
}

/** Cancel a meeting not yet started, with a reason everyone is told. */
export function CancelMeeting({ meeting, onChanged }: { meeting: MeetingView; onChanged(m: MeetingView): void }) {
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  if (!meeting.canEdit) return null;

  const cancel = async () => {
    const trimmed = reason.trim();
    if (trimmed.length < 3 || trimmed.length > 500) return setError('approval.reasonInvalid');
    setBusy(true);
    setError(null);
    try {
      onChanged(await meetingsApi.cancel(meeting.id, trimmed));
      setConfirming(false);
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="cancel-panel">
      <h2>{t('cancel.title')}</h2>
      <p className="small">{t('cancel.intro')}</p>
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-labelledby="cancel-confirm-text" data-testid="cancel-confirm">
          <label id="cancel-confirm-text">
            {t('cancel.reason')}
            <textarea rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="cancel-reason" />
          </label>
          <ErrorMessage error={error} />
          <div className="actions">
            <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(false)} data-testid="cancel-meeting-back">
              {t('cancel.back')}
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => void cancel()} data-testid="cancel-meeting-confirm">
              {t('cancel.confirm')}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="cancel-meeting">
            {t('cancel.button')}
          </button>
        </div>
      )}
    </section>
  );
}

interface EditValues {
  title: string;
  start: string;
  end: string;
  chairId: string;
  /** '' none */
  chairTechnicianId: string;
  speakingSeconds: number;
  inviteeIds: ReadonlySet<string>;
  endpointIds: ReadonlySet<string>;
  details: MeetingDetailsValue;
}

function valuesOf(m: MeetingView): EditValues {
  const details = detailsOf(m);
  const start = toDateTimeLocalValue(new Date(m.startsAt));
  // a check time exactly 1 hour before follows the start as it is edited
  if (m.checkAt && Date.parse(m.checkAt) === Date.parse(m.startsAt) - HOUR_MS) details.checkAt = null;
  return {
    title: m.title,
    start,
    end: toDateTimeLocalValue(new Date(m.endsAt)),
    chairId: m.chair.id,
    chairTechnicianId: m.chairTechnicianId ?? '',
    speakingSeconds: m.speakingSeconds,
    inviteeIds: new Set(m.invitees.map((p) => p.id)),
    endpointIds: new Set(m.endpoints.map((e) => e.id)),
    details,
  };
}

/** Sets as sorted lists, agenda rows without their React keys: values as the person sees them. */
const comparable = (x: unknown): unknown =>
  x instanceof Set ? [...(x as Set<string>)].sort() : Array.isArray(x) ? x.map((r) => (r && typeof r === 'object' && 'key' in r ? { ...r, key: 0 } : r)) : x;
const same = (a: unknown, b: unknown) => JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));

/**
 * After a reload: what the person changed since `origin` stays; everything else takes the `fresh` meeting's value,
 * so saving again sends only their changes on top of the other person's.
 */
function rebase(v: EditValues, origin: EditValues, fresh: EditValues): EditValues {
  const out: Record<string, unknown> = { ...v };
  for (const k of Object.keys(v) as (keyof EditValues)[]) if (k !== 'details' && same(v[k], origin[k])) out[k] = fresh[k];
  const details: Record<string, unknown> = { ...v.details };
  for (const k of Object.keys(v.details) as (keyof MeetingDetailsValue)[]) if (same(v.details[k], origin.details[k])) details[k] = fresh.details[k];
  return { ...(out as unknown as EditValues), details: details as unknown as MeetingDetailsValue };
}

const sameSet = (a: Iterable<string>, b: Iterable<string>) => {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
};

/** Only what the person changed, relative to the meeting the form stands on: a reload keeps their changes. */
function changesOf(base: MeetingView, v: EditValues): Omit<UpdateMeetingBody, 'version' | 'reason'> {
  const out: Omit<UpdateMeetingBody, 'version' | 'reason'> = {};
  const startsAt = dateTimeLocalToIso(v.start);
  const endsAt = dateTimeLocalToIso(v.end);
  if (v.title.trim() !== base.title) out.title = v.title.trim();
  if (startsAt && Date.parse(startsAt) !== Date.parse(base.startsAt)) out.startsAt = startsAt;
  if (endsAt && Date.parse(endsAt) !== Date.parse(base.endsAt)) out.endsAt = endsAt;
  const checkAt = dateTimeLocalToIso(effectiveCheckAt(v.details, v.start));
  if (checkAt && (out.startsAt || !base.checkAt || Date.parse(checkAt) !== Date.parse(base.checkAt))) out.checkAt = checkAt;
  if (v.chairId !== base.chair.id) out.chairId = v.chairId;
  if (v.chairTechnicianId !== (base.chairTechnicianId ?? '')) out.chairTechnicianId = v.chairTechnicianId || null;
  if (v.speakingSeconds !== base.speakingSeconds) out.speakingSeconds = v.speakingSeconds;
  if (!sameSet(v.inviteeIds, base.invitees.map((p) => p.id))) out.inviteeIds = [...v.inviteeIds].filter((id) => id !== v.chairId);
  if (!sameSet(v.endpointIds, base.endpoints.map((e) => e.id))) out.endpointIds = [...v.endpointIds];
  const d = v.details;
  if (d.type !== base.type) out.type = d.type;
  const typeNote = d.type === 'other' ? d.typeNote.trim() : '';
  if (typeNote !== base.typeNote) out.typeNote = typeNote;
  if (!sameSet(d.unitIds, base.units.map((u) => u.id))) out.unitIds = [...d.unitIds];
  const agenda = agendaBody(d.agenda);
  const baseAgenda = base.agenda.map((a) => ({ title: a.title, ...(a.presenter ? { presenterId: a.presenter.id } : {}), presenterName: a.presenterName, minutes: a.minutes }));
  if (JSON.stringify(agenda) !== JSON.stringify(baseAgenda)) out.agenda = agenda;
  if (d.backdropText.trim() !== base.backdropText) out.backdropText = d.backdropText.trim();
  if (d.needsMinutes !== base.needsMinutes) out.needsMinutes = d.needsMinutes;
  if (d.restricted !== base.restricted) out.restricted = d.restricted;
  const networks = d.restricted ? networkList(d.networks) : base.allowedNetworks;
  if (!sameSet(networks, base.allowedNetworks) || networks.length !== base.allowedNetworks.length) out.allowedNetworks = networks;
  const secondFactor = d.restricted && d.requireSecondFactor;
  if (secondFactor !== base.requireSecondFactor) out.requireSecondFactor = secondFactor;
  return out;
}

/**
 * The edit form (same fields as creation, prefilled). It sends the version it stands on; when someone else saved
 * meanwhile it says so and offers to reload, keeping what the person typed.
 */
export function EditMeeting({ meeting, onChanged }: { meeting: MeetingView; onChanged(m: MeetingView): void }) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<BookingWarning[] | null>(null);
  if (!meeting.canEdit) return null;
  return (
    <section className="card" data-testid="meeting-edit">
      <h2>{t('edit.title')}</h2>
      {saved && (
        <div className="notice" role="status" data-testid="meeting-edit-saved">
          <p>{t('edit.saved')}</p>
          <BookingWarnings warnings={saved} />
        </div>
      )}
      {open ? (
        <EditForm
          meeting={meeting}
          onSaved={(m, warnings) => {
            onChanged(m);
            setSaved(warnings);
            setOpen(false);
          }}
          onReloaded={onChanged}
          onClose={() => setOpen(false)}
        />
      ) : (
        <div className="actions">
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setSaved(null);
              setOpen(true);
            }}
            data-testid="meeting-edit-open"
          >
            {t('edit.open')}
          </button>
        </div>
      )}
    </section>
  );
}

const collator = new Intl.Collator('vi');

function EditForm({ meeting, onSaved, onReloaded, onClose }: { meeting: MeetingView; onSaved(m: MeetingView, w: BookingWarning[]): void; onReloaded(m: MeetingView): void; onClose(): void }) {
  const { data: directory } = useLoad(api.directory, 'people');
  const { data: units } = useLoad(organisationApi.units, 'units');
  const { data: registry } = useLoad(endpointsApi.list, 'endpoints');
  // `origin`: the meeting as the form last loaded it; `values`: what the person sees and types
  const [origin, setOrigin] = useState(() => valuesOf(meeting));
  const [values, setValues] = useState(origin);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | { key: MessageKey; params: Record<string, string> } | null>(null);
  const [conflict, setConflict] = useState(false);

  const people = directory ?? [];
  // the meeting's own people and rooms stay choosable even when the lists cannot be loaded
  const rooms = useMemo(() => {
    const list: Pick<EndpointView, 'id' | 'name' | 'unit'>[] = registry?.endpoints ?? meeting.endpoints;
    return [...list].sort((a, b) => collator.compare(a.unit, b.unit) || collator.compare(a.name, b.name));
  }, [registry, meeting.endpoints]);
  // an error goes away as soon as a field changes
  const set = <K extends keyof EditValues>(key: K, v: EditValues[K]) => {
    setError(null);
    setValues((p) => ({ ...p, [key]: v }));
  };
  const toggle = (key: 'inviteeIds' | 'endpointIds', id: string) =>
    setValues((p) => {
      const next = new Set(p[key]);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return { ...p, [key]: next };
    });

  const reload = async () => {
    try {
      const latest = await meetingAccessApi.get(meeting.id);
      const fresh = valuesOf(latest);
      setValues((v) => rebase(v, origin, fresh));
      setOrigin(fresh);
      onReloaded(latest);
      setConflict(false);
      setError(null);
    } catch (caught) {
      setError(toShownError(caught));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const invalid = validateDetails(values.details);
    if (values.title.trim().length < 3) return setError('meetingNew.titleInvalid');
    const s = dateTimeLocalToIso(values.start);
    const e = dateTimeLocalToIso(values.end);
    if (!s || !e || Date.parse(e) <= Date.parse(s)) return setError('meeting_time_invalid');
    if (invalid) return setError(invalid);
    const changes = changesOf(meeting, values);
    if (Object.keys(changes).length === 0) return setError('edit.nothing');
    setBusy(true);
    setError(null);
    setConflict(false);
    try {
      const result = await meetingsApi.update(meeting.id, { version: meeting.version, reason: reason.trim(), ...changes });
      onSaved(result.meeting, result.warnings);
    } catch (caught) {
      if (caught instanceof ApiError && caught.id === 'meeting_version_conflict') setConflict(true);
      else setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  const shownError = error && typeof error === 'object' && 'key' in error ? error : null;
  const chairChoices = people.some((p) => p.id === meeting.chair.id) ? people : [meeting.chair, ...people];

  return (
    <form className="wide-form" onSubmit={(ev) => void submit(ev)} noValidate data-testid="meeting-edit-form">
      <label>
        {t('meetingNew.meetingTitle')}
        <input value={values.title} maxLength={300} onChange={(ev) => set('title', ev.target.value)} data-testid="meeting-edit-title" />
      </label>
      <div className="row">
        <DateTimeField label={t('meetingNew.start')} value={values.start} onChange={(v) => set('start', v)} testId="meeting-edit-start" />
        <DateTimeField label={t('meetingNew.end')} value={values.end} onChange={(v) => set('end', v)} testId="meeting-edit-end" />
      </div>
      <p className="small muted">{t('meetingNew.timeZoneNote')}</p>
      <label>
        {t('meetingNew.chair')}
        <PersonSelect people={chairChoices} value={values.chairId} onChange={(id) => set('chairId', id)} testId="meeting-edit-chair" />
      </label>
      <div className="row">
        <ChairTechnicianField people={people} value={values.chairTechnicianId} fallback={null} onChange={(id) => set('chairTechnicianId', id)} testId="meeting-edit-chair-technician" />
        <SpeakingTimeSelect seconds={values.speakingSeconds} onChange={(v) => set('speakingSeconds', v)} testId="meeting-edit-speaking-time" />
      </div>
      <InviteeChecklist
        people={people}
        chairId={values.chairId}
        selected={values.inviteeIds}
        onToggle={(id) => toggle('inviteeIds', id)}
        onSetMany={(ids, on) =>
          setValues((p) => {
            const next = new Set(p.inviteeIds);
            for (const id of ids) (on ? next.add(id) : next.delete(id));
            return { ...p, inviteeIds: next };
          })
        }
        substitutes={meeting.substitutes}
        testId="meeting-edit-invitees"
        itemTestId="meeting-edit-invitee"
      />
      <EndpointChecklist rooms={rooms} selected={values.endpointIds} onToggle={(id) => toggle('endpointIds', id)} testId="meeting-edit-endpoints" itemTestId="meeting-edit-endpoint" />
      <MeetingDetailsFields value={values.details} onChange={(details) => set('details', details)} people={people} units={(units ?? []) as UnitView[]} start={values.start} edit />
      <label>
        {t('edit.reason')}
        <textarea rows={2} maxLength={500} value={reason} onChange={(ev) => setReason(ev.target.value)} data-testid="meeting-edit-reason" />
      </label>
      {conflict && (
        <div className="error" role="alert" data-testid="version-conflict">
          <p>{t('edit.conflict')}</p>
          <button type="button" className="secondary small" onClick={() => void reload()} data-testid="version-conflict-reload">
            {t('edit.reload')}
          </button>
        </div>
      )}
      {shownError ? (
        <p className="error" role="alert" data-testid="error-message">
          {t(shownError.key, shownError.params)}
        </p>
      ) : (
        <ErrorMessage error={error as ShownError | null} />
      )}
      <RefusalDetails error={error} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose} data-testid="meeting-edit-close">
          {t('edit.close')}
        </button>
        <button type="submit" disabled={busy} data-testid="meeting-edit-save">
          {busy ? t('common.saving') : t('edit.save')}
        </button>
      </div>
    </form>
  );
}
