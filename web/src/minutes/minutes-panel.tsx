/**
 * The minutes as they are written (R2.7, R3.12, D12.3): the secretary (and the chair) add paragraphs to each section,
 * an opinion anchored to a speaker's turn on the floor; everyone in the meeting reads them as they change (the room's
 * `records_changed` notice makes the panel fetch them again). An edit made on an older version is refused by the
 * server with the other text: both are shown, and the writer chooses.
 */
import { useCallback, useEffect, useState } from 'react';
import type { MinutesEntryView, MinutesView } from '../../../shared/api';
import type { ParticipantView } from '../../../shared/protocol';
import { ApiError, request } from '../api';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { signaturesApi } from '../signatures/api-signatures';
import { SignPanel } from '../signatures/SignPanel';
import { useLoad } from '../use-load';

const time = (iso: string) => formatDateTime(iso).slice(11);

export function MinutesPanel({ meetingId, changes, roster }: { meetingId: string; changes: number; roster: readonly ParticipantView[] }) {
  const [view, setView] = useState<MinutesView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    request<MinutesView | { unchanged: true }>('GET', `/api/meetings/${meetingId}/minutes${view ? `?known=${view.version}` : ''}`)
      .then((r) => ('unchanged' in r ? undefined : setView(r)))
      .catch((e: Error) => setError(e.message));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [meetingId, view?.version]);
  useEffect(load, [meetingId, changes]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!view) return <p className="muted">{error ?? '…'}</p>;
  const act = (p: Promise<unknown>) => p.then(() => (setError(null), load())).catch((e: Error) => setError(e.message));
  const sections = [{ id: 'opening', title: t('minutes.opening') }, ...view.agenda.map((a, i) => ({ id: a.id, title: `${i + 1}. ${a.title}${a.presenter ? ` (${a.presenter})` : ''}` })), { id: 'other', title: t('minutes.other') }];
  return (
    <div className="minutes-panel" data-testid="minutes-panel" data-version={view.version}>
      <dl className="minutes-header">
        <dt>{t('minutes.chair')}</dt>
        <dd>{[view.header.chair.title, view.header.chair.name].filter(Boolean).join(' ')}</dd>
        <dt>{t('minutes.secretary')}</dt>
        <dd>
          {view.canDesignateSecretary ? (
            <select
              value={view.header.secretary?.id ?? ''}
              onChange={(e) => act(request('PUT', `/api/meetings/${meetingId}/secretary`, { secretaryId: e.target.value || null }))}
              data-testid="secretary-select"
            >
              <option value="">{t('minutes.noSecretary')}</option>
              {view.header.secretary && !roster.some((p) => p.userId === view.header.secretary!.id) && <option value={view.header.secretary.id}>{view.header.secretary.name}</option>}
              {roster
                .filter((p) => p.endpoint === null)
                .map((p) => (
                  <option key={p.id} value={p.userId}>
                    {p.name}
                  </option>
                ))}
            </select>
          ) : (
            (view.header.secretary?.name ?? t('minutes.noSecretary'))
          )}
        </dd>
        <dt>{t('minutes.attended')}</dt>
        <dd>{view.header.attended.length}</dd>
        <dt>{t('minutes.absent')}</dt>
        <dd>{view.header.absent.map((a) => `${a.name}${a.reason ? ` (${a.reason})` : ''}`).join('; ') || '—'}</dd>
        {view.draft && (
          <>
            <dt>{t('minutes.draft')}</dt>
            <dd>
              <a href={`/api/meetings/${meetingId}/documents/${view.draft.documentId}`} target="_blank" rel="noreferrer">
                {view.draft.name}
              </a>
            </dd>
          </>
        )}
      </dl>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {sections.map((s) => (
        <section key={s.id} className="minutes-section" data-testid="minutes-section" data-section={s.id}>
          <h4>{s.title}</h4>
          {view.entries.filter((e) => e.section === s.id).map((e) => <EntryView key={`${e.id}:${e.version}`} entry={e} meetingId={meetingId} canWrite={view.canWrite} onChanged={load} />)}
          {view.entries.every((e) => e.section !== s.id) && <p className="muted">{t('minutes.empty')}</p>}
          {view.canWrite && <AddEntry meetingId={meetingId} section={s.id} turns={view.floorTurns} onAdded={load} onError={setError} />}
        </section>
      ))}
      <section className="minutes-section">
        <h4>{t('minutes.conclusions')}</h4>
        {view.conclusions.length ? (
          <ol data-testid="minutes-conclusions">
            {view.conclusions.map((c) => (
              <li key={c.id}>{c.text}</li>
            ))}
          </ol>
        ) : (
          <p className="muted">{view.conclusionsNoneAt ? t('minutes.noConclusions') : t('minutes.empty')}</p>
        )}
      </section>
      <MinutesSigning meetingId={meetingId} canSubmit={view.canWrite} version={view.version} onError={setError} />
      <p className="minutes-export">
        <a href={`/api/meetings/${meetingId}/minutes.pdf`} data-testid="minutes-pdf">
          {t('minutes.pdf')}
        </a>{' '}
        ·{' '}
        <a href={`/api/meetings/${meetingId}/minutes.docx`} data-testid="minutes-docx">
          {t('minutes.docx')}
        </a>
      </p>
    </div>
  );
}

function AddEntry({ meetingId, section, turns, onAdded, onError }: { meetingId: string; section: string; turns: MinutesView['floorTurns']; onAdded: () => void; onError: (m: string) => void }) {
  const [text, setText] = useState('');
  const [grantId, setGrantId] = useState('');
  return (
    <form
      className="minutes-add"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        request('POST', `/api/meetings/${meetingId}/minutes/entries`, { section, text, ...(grantId ? { grantId } : {}) })
          .then(() => (setText(''), setGrantId(''), onAdded()))
          .catch((err: Error) => onError(err.message));
      }}
    >
      <label>
        {t('minutes.anchor')}{' '}
        <select value={grantId} onChange={(e) => setGrantId(e.target.value)} data-testid="minutes-anchor">
          <option value="">{t('minutes.noAnchor')}</option>
          {turns.map((turn) => (
            <option key={turn.grantId} value={turn.grantId}>
              {t('minutes.spoke', { speaker: turn.speaker, time: time(turn.at) })}
            </option>
          ))}
        </select>
      </label>
      <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={20_000} data-testid="minutes-text" aria-label={t('minutes.add')} />
      <button type="submit" data-testid="minutes-add">
        {t('minutes.add')}
      </button>
    </form>
  );
}

function EntryView({ entry, meetingId, canWrite, onChanged }: { entry: MinutesEntryView; meetingId: string; canWrite: boolean; onChanged: () => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ text: string; version: number; author: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const url = `/api/meetings/${meetingId}/minutes/entries/${entry.id}`;
  const save = (text: string, version: number) =>
    request('PUT', url, { text, version })
      .then(() => (setEditing(null), setConflict(null), onChanged()))
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.id === 'minutes_version_conflict' && e.fields) setConflict({ text: e.fields.theirText ?? '', version: Number(e.fields.theirVersion), author: e.fields.theirAuthor ?? '' });
        else setError((e as Error).message);
      });
  return (
    <div className="minutes-entry" data-testid="minutes-entry">
      {entry.floorTurn && <strong>{t('minutes.spoke', { speaker: entry.floorTurn.speaker, time: time(entry.floorTurn.at) })}: </strong>}
      {editing === null ? (
        <span data-testid="minutes-entry-text">{entry.text}</span>
      ) : (
        <textarea value={editing} onChange={(e) => setEditing(e.target.value)} rows={3} data-testid="minutes-edit-text" />
      )}
      {canWrite && editing === null && (
        <>
          {' '}
          <button type="button" className="link-button" onClick={() => setEditing(entry.text)} data-testid="minutes-edit">
            {t('minutes.edit')}
          </button>{' '}
          <button type="button" className="link-button" onClick={() => request('DELETE', `${url}?version=${entry.version}`).then(onChanged).catch((e: Error) => setError(e.message))}>
            {t('minutes.delete')}
          </button>
        </>
      )}
      {editing !== null && !conflict && (
        <button type="button" onClick={() => save(editing, entry.version)} data-testid="minutes-save">
          {t('minutes.save')}
        </button>
      )}
      {conflict && editing !== null && (
        <div className="minutes-conflict" role="alert" data-testid="minutes-conflict">
          <strong>{t('minutes.conflictTitle')}</strong>
          <p>{t('minutes.theirText', { author: conflict.author })}</p>
          <blockquote data-testid="minutes-conflict-theirs">{conflict.text}</blockquote>
          <p>{t('minutes.yourText')}</p>
          <blockquote>{editing}</blockquote>
          <button type="button" onClick={() => (setEditing(null), setConflict(null), onChanged())}>
            {t('minutes.keepTheirs')}
          </button>{' '}
          <button type="button" onClick={() => save(editing, conflict.version)} data-testid="minutes-use-mine">
            {t('minutes.useMine')}
          </button>
        </div>
      )}
      {error && <p className="error">{error}</p>}
    </div>
  );
}

/** The minutes to sign (secretary, then chair): the latest submission with its signers, and a new submission. */
function MinutesSigning({ meetingId, canSubmit, version, onError }: { meetingId: string; canSubmit: boolean; version: number; onError: (m: string) => void }) {
  const [submitted, setSubmitted] = useState(0);
  const { data: signables } = useLoad(() => signaturesApi.list('minutes', meetingId), `${meetingId}:${version}:${submitted}`);
  const latest = signables?.[0]; // newest first
  const submit = () =>
    request<{ signableId: string }>('POST', `/api/meetings/${meetingId}/minutes/signing`)
      .then(() => setSubmitted((n) => n + 1))
      .catch((e: Error) => onError(e.message));
  return (
    <section className="minutes-signing" data-testid="minutes-signing">
      {latest && <SignPanel key={latest.id} signableId={latest.id} />}
      {canSubmit && (
        <button type="button" className="secondary" onClick={() => void submit()} data-testid="minutes-submit-signing">
          {t('minutes.submitSigning')}
        </button>
      )}
    </section>
  );
}
