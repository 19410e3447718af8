/**
 * `/meetings/:id/checklist` — the equipment checklist before and after a meeting (M10.3; D15.1, D15.3, D16.1,
 * D16.3): for each of the meeting's endpoints the viewer may see, the two checklists; a technician of the
 * endpoint's unit (or the operator) fills them, item by item, ok or not with a note. The operator sees them all.
 */
import { useState, type FormEvent } from 'react';
import { checklistItems, type ChecklistItemId, type ChecklistPhase, type ChecklistView, type MeetingChecklistsView } from '../../../shared/api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { formatDateTime, formatTimeRange } from '../format';
import { t } from '../i18n';
import { Link } from '../router';
import { useLoad } from '../use-load';
import { equipmentApi } from './api-equipment';

export function ChecklistPage({ id }: { id: string }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useLoad(() => equipmentApi.checklists(id), `${id}-${version}`);
  const reload = () => setVersion((v) => v + 1);
  return (
    <main className="page">
      <p>
        <Link to={data ? `/${data.meeting.slug}` : '/'}>{t('checklist.back')}</Link>
      </p>
      <h1>{t('checklist.title')}</h1>
      <p className="muted">{t('checklist.intro')}</p>
      <ErrorMessage error={error} />
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data && (
        <>
          <section className="card meeting-summary" data-testid="checklist-meeting">
            <strong>{data.meeting.title}</strong>
            <div className="muted">{formatTimeRange(data.meeting.startsAt, data.meeting.endsAt)}</div>
          </section>
          {data.endpoints.length === 0 && <p className="card">{t('checklist.noEndpoints')}</p>}
          {data.endpoints.map((e) => (
            <EndpointChecklists key={e.endpoint.id} meetingId={id} entry={e} onSaved={reload} />
          ))}
        </>
      )}
    </main>
  );
}

function EndpointChecklists({ meetingId, entry, onSaved }: { meetingId: string; entry: MeetingChecklistsView['endpoints'][number]; onSaved: () => void }) {
  return (
    <section className="card" data-testid="checklist-endpoint" data-endpoint-id={entry.endpoint.id}>
      <h2>
        {entry.endpoint.name} <span className="muted small">{entry.endpoint.unit}</span>
      </h2>
      {(['before', 'after'] as const).map((phase) => (
        <PhaseChecklist key={phase} meetingId={meetingId} endpointId={entry.endpoint.id} phase={phase} filled={entry[phase]} mayFill={entry.mayFill} onSaved={onSaved} />
      ))}
    </section>
  );
}

function PhaseChecklist(props: { meetingId: string; endpointId: string; phase: ChecklistPhase; filled: ChecklistView | null; mayFill: boolean; onSaved: () => void }) {
  const { phase, filled, mayFill } = props;
  const [editing, setEditing] = useState(false);
  return (
    <div className="checklist-phase" data-testid="checklist-phase" data-phase={phase} data-filled={filled ? 'yes' : 'no'}>
      <h3>
        {t(`checklist.phase.${phase}`)}{' '}
        {filled && (
          <span className="badge" data-testid="checklist-result">
            {filled.notOk === 0 ? t('checklist.allOk') : t('checklist.notOkCount', { count: filled.notOk })}
          </span>
        )}
      </h3>
      {filled && !editing && (
        <>
          <p className="small muted">{t('checklist.filledBy', { name: filled.filledBy.name, at: formatDateTime(filled.filledAt) })}</p>
          <table className="list checklist-table">
            <tbody>
              {filled.items.map((i) => (
                <tr key={i.item}>
                  <th scope="row">{t(`equipment.item.${i.item}`)}</th>
                  <td className={i.ok ? '' : 'not-ok'}>{t(i.ok ? 'checklist.ok' : 'checklist.notOk')}</td>
                  <td className="small">{i.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {filled.note && <p className="small">{filled.note}</p>}
        </>
      )}
      {!filled && !mayFill && <p className="muted small">{t('checklist.notFilled')}</p>}
      {mayFill && (editing || !filled) && <ChecklistForm {...props} onSaved={() => { setEditing(false); props.onSaved(); }} onCancel={filled ? () => setEditing(false) : undefined} />}
      {mayFill && filled && !editing && (
        <button type="button" className="secondary" onClick={() => setEditing(true)} data-testid="checklist-refill">
          {t('checklist.refill')}
        </button>
      )}
    </div>
  );
}

type Answer = { ok: boolean | null; note: string };

function ChecklistForm({ meetingId, endpointId, phase, filled, onSaved, onCancel }: { meetingId: string; endpointId: string; phase: ChecklistPhase; filled: ChecklistView | null; onSaved: () => void; onCancel?: () => void }) {
  const items: readonly ChecklistItemId[] = checklistItems[phase];
  const [answers, setAnswers] = useState<Record<string, Answer>>(() =>
    Object.fromEntries(items.map((i) => {
      const was = filled?.items.find((x) => x.item === i);
      return [i, { ok: was ? was.ok : null, note: was?.note ?? '' }];
    })),
  );
  const [note, setNote] = useState(filled?.note ?? '');
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (item: string, patch: Partial<Answer>) => setAnswers((a) => ({ ...a, [item]: { ...a[item]!, ...patch } }));
  const allOk = () => setAnswers((a) => Object.fromEntries(items.map((i) => [i, { ok: a[i]!.ok ?? true, note: a[i]!.note }])));
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (items.some((i) => answers[i]!.ok === null)) return setError('checklist.answerAll');
    if (items.some((i) => answers[i]!.ok === false && !answers[i]!.note.trim())) return setError('checklist.noteRequired');
    setBusy(true);
    setError(null);
    try {
      await equipmentApi.fillChecklist(meetingId, endpointId, phase, { items: items.map((i) => ({ item: i, ok: answers[i]!.ok!, note: answers[i]!.note })), note });
      onSaved();
    } catch (err) {
      setError(toShownError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="checklist-form" data-phase={phase}>
      <table className="list checklist-table">
        <thead>
          <tr>
            <th>{t('checklist.item')}</th>
            <th>{t('checklist.result')}</th>
            <th>{t('checklist.note')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i} data-testid="checklist-item" data-item={i}>
              <th scope="row">{t(`equipment.item.${i}`)}</th>
              <td>
                <label className="check">
                  <input type="radio" name={`${phase}-${i}`} checked={answers[i]!.ok === true} onChange={() => set(i, { ok: true })} data-testid="checklist-ok" />
                  <span>{t('checklist.ok')}</span>
                </label>
                <label className="check">
                  <input type="radio" name={`${phase}-${i}`} checked={answers[i]!.ok === false} onChange={() => set(i, { ok: false })} data-testid="checklist-not-ok" />
                  <span>{t('checklist.notOk')}</span>
                </label>
              </td>
              <td>
                <input value={answers[i]!.note} onChange={(e) => set(i, { note: e.target.value })} maxLength={500} aria-label={t('checklist.noteFor', { item: t(`equipment.item.${i}`) })} data-testid="checklist-item-note" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label>
        {t('checklist.generalNote')}
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} data-testid="checklist-note" />
      </label>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" className="secondary" onClick={allOk} data-testid="checklist-all-ok">
          {t('checklist.markRestOk')}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" disabled={busy} data-testid="checklist-save">
          {t('checklist.save')}
        </button>
      </div>
    </form>
  );
}
