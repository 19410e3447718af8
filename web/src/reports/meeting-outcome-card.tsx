/**
 * The judgment of a held meeting (R5.2, the quarterly report's share that met requirements): as the chair gave it
 * at the end (or nobody did), and for the operator or the meeting's organisers, the form to set or revise it.
 */
import { useState, type FormEvent } from 'react';
import type { MeetingOutcomeView } from '../../../shared/api';
import { shortfallCauses, type ShortfallCause } from '../../../shared/causes';
import { request } from '../api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { useLoad } from '../use-load';

export function MeetingOutcomeCard({ meetingId }: { meetingId: string }) {
  const [generation, setGeneration] = useState(0);
  const { data, error } = useLoad(() => request<{ outcome: MeetingOutcomeView }>('GET', `/api/meetings/${meetingId}/outcome`).then((r) => r.outcome), `${meetingId}-${generation}`);
  const [met, setMet] = useState<boolean | null>(null);
  const [cause, setCause] = useState<ShortfallCause | ''>('');
  const [note, setNote] = useState('');
  const [saveError, setSaveError] = useState<ShownError | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaveError(null);
    try {
      await request('PUT', `/api/meetings/${meetingId}/outcome`, met ? { met: true, note } : { met: false, cause: cause || undefined, note });
      setMet(null);
      setGeneration((g) => g + 1);
    } catch (err) {
      setSaveError(toShownError(err));
    }
  };
  return (
    <section className="card" data-testid="meeting-outcome" data-outcome={data?.outcome ?? 'none'}>
      <h2>{t('room.outcomeQuestion')}</h2>
      <ErrorMessage error={error} />
      {data && (
        <p>
          {data.outcome === null ? t('reports.outcomeNone') : data.outcome === 'met' ? t('room.outcomeMet') : `${t('room.outcomeFellShort')} — ${t(`cause.${data.cause ?? 'other'}`)}`}
          {data.note && ` (${data.note})`}
          {data.by && data.at && <span className="small muted"> · {t('reports.outcomeBy', { name: data.by.name, time: formatDateTime(data.at) })}</span>}
        </p>
      )}
      <form onSubmit={save} className="inline-form">
        <label>
          <input type="radio" name="outcome-after" checked={met === true} onChange={() => setMet(true)} data-testid="outcome-after-met" /> {t('room.outcomeMet')}
        </label>
        <label>
          <input type="radio" name="outcome-after" checked={met === false} onChange={() => setMet(false)} data-testid="outcome-after-fell-short" /> {t('room.outcomeFellShort')}
        </label>
        {met === false && (
          <select value={cause} onChange={(e) => setCause(e.target.value as ShortfallCause)} data-testid="outcome-after-cause" aria-label={t('room.outcomeCause')}>
            <option value="">—</option>
            {shortfallCauses.map((c) => (
              <option key={c} value={c}>
                {t(`cause.${c}`)}
              </option>
            ))}
          </select>
        )}
        {met !== null && <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} placeholder={t('room.outcomeNote')} aria-label={t('room.outcomeNote')} />}
        <button type="submit" disabled={met === null} data-testid="outcome-after-save">
          {t('reports.outcomeSave')}
        </button>
      </form>
      <ErrorMessage error={saveError} />
    </section>
  );
}
