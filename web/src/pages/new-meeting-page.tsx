import { useMemo, useState, type FormEvent } from 'react';
import type { MeetingView, UserView } from '../../../shared/api';
import { reservedSlugs, slugify, slugPattern } from '../../../shared/slug';
import { api, ApiError } from '../api';
import { CopyButton } from '../components/copy-button';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { dateTimeLocalToIso, matchesSearch, sortPeople, toDateTimeLocalValue } from '../format';
import { t, type MessageKey } from '../i18n';
import { Link } from '../router';
import { useLoad } from '../use-load';

const HOUR_MS = 3_600_000;

/** The next full hour, and one hour after it, as Vietnam-time datetime-local values. */
function defaultTimes(): { start: string; end: string } {
  const start = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS; // Vietnam's offset is a whole number of hours
  return { start: toDateTimeLocalValue(new Date(start)), end: toDateTimeLocalValue(new Date(start + HOUR_MS)) };
}

/** Labels of the body fields, to name those the server refused. */
const fieldLabels: Record<string, MessageKey> = {
  title: 'meetingNew.meetingTitle',
  startsAt: 'meetingNew.start',
  endsAt: 'meetingNew.end',
  chairId: 'meetingNew.chair',
  inviteeIds: 'meetingNew.invitees',
  slug: 'meetingNew.slug',
  password: 'meetingNew.password',
};

export function NewMeetingPage() {
  const { data: users, error: loadError } = useLoad(api.listUsers, 'users');
  const [created, setCreated] = useState<MeetingView | null>(null);

  return (
    <main className="page">
      <h1>{t('meetingNew.title')}</h1>
      <ErrorMessage error={loadError} />
      {created ? (
        <MeetingCreated meeting={created} onAnother={() => setCreated(null)} />
      ) : (
        users && <NewMeetingForm users={users} onCreated={setCreated} />
      )}
    </main>
  );
}

function MeetingCreated({ meeting, onAnother }: { meeting: MeetingView; onAnother(): void }) {
  const link = `${location.origin}/${meeting.slug}`;
  return (
    <div className="card notice" role="status">
      <p>{t('meetingNew.created', { title: meeting.title })}</p>
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

function NewMeetingForm({ users, onCreated }: { users: UserView[]; onCreated(meeting: MeetingView): void }) {
  const people = useMemo(() => sortPeople(users), [users]);
  const [title, setTitle] = useState('');
  const [times, setTimes] = useState(defaultTimes);
  const [chairId, setChairId] = useState('');
  const [inviteeIds, setInviteeIds] = useState<ReadonlySet<string>>(new Set());
  const [search, setSearch] = useState('');
  const [slugEdited, setSlugEdited] = useState<string | null>(null); // null: follows the title
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const slug = slugEdited ?? slugify(title);
  const candidates = people.filter((p) => p.id !== chairId && (search === '' || matchesSearch(`${p.name} ${p.unit}`, search)));

  const toggleInvitee = (id: string) =>
    setInviteeIds((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const validate = (): MessageKey | null => {
    const trimmed = title.trim();
    if (trimmed.length < 3 || trimmed.length > 300) return 'meetingNew.titleInvalid';
    const startsAt = dateTimeLocalToIso(times.start);
    const endsAt = dateTimeLocalToIso(times.end);
    if (!startsAt || !endsAt || Date.parse(endsAt) <= Date.parse(startsAt)) return 'meeting_time_invalid';
    if (!chairId) return 'meetingNew.chairRequired';
    if (!slugPattern.test(slug)) return 'meetingNew.slugInvalid';
    if (reservedSlugs.has(slug)) return 'meeting_slug_reserved';
    if (password.length < 4 || password.length > 64) return 'meetingNew.passwordInvalid';
    return null;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const invalid = validate();
    if (invalid) {
      setError(invalid);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const meeting = await api.createMeeting({
        title: title.trim(),
        startsAt: dateTimeLocalToIso(times.start)!,
        endsAt: dateTimeLocalToIso(times.end)!,
        chairId,
        inviteeIds: [...inviteeIds].filter((id) => id !== chairId),
        slug,
        password,
      });
      onCreated(meeting);
    } catch (caught) {
      setError(toShownError(caught));
      setBusy(false);
    }
  };

  const refusedFields = error instanceof ApiError && error.fields ? Object.keys(error.fields) : [];

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
        {t('meetingNew.chair')}
        <select required value={chairId} onChange={(e) => setChairId(e.target.value)} data-testid="meeting-chair">
          <option value="">{t('meetingNew.chooseChair')}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} — {p.unit}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="invitees" data-testid="meeting-invitees">
        <legend>
          {t('meetingNew.invitees')} <span className="muted">({t('meetingNew.selectedCount', { count: inviteeIds.size })})</span>
        </legend>
        <input
          type="search"
          placeholder={t('meetingNew.searchInvitees')}
          aria-label={t('meetingNew.searchInvitees')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <ul className="checklist">
          {candidates.map((p) => (
            <li key={p.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={inviteeIds.has(p.id)}
                  onChange={() => toggleInvitee(p.id)}
                  data-testid="meeting-invitee"
                  data-user-id={p.id}
                  data-email={p.email}
                />
                <span>
                  {p.name} <span className="muted">— {p.unit}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
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
      <ErrorMessage error={error} />
      {refusedFields.length > 0 && (
        <p className="error small">{refusedFields.map((f) => (fieldLabels[f] ? t(fieldLabels[f]) : f)).join(', ')}</p>
      )}
      <button type="submit" disabled={busy} data-testid="meeting-submit">
        {busy ? t('common.saving') : t('meetingNew.submit')}
      </button>
    </form>
  );
}
