/**
 * Ending the meeting (R3.5, D10.4): the chair gives the conclusions — each optionally of an agenda item — or confirms
 * that there are none; the server refuses an end without either. The chair also answers whether the meeting met
 * requirements (R5.2, the quarterly report), naming the cause when it did not.
 */
import { useEffect, useState } from 'react';
import type { MeetingOutcomeInput, MinutesView } from '../../../shared/api';
import { shortfallCauses, type ShortfallCause } from '../../../shared/causes';
import { request } from '../api';
import { t } from '../i18n';

type Row = { text: string; agendaItemId: string };

export function EndMeetingDialog({ meetingId, onEnd, onCancel }: { meetingId: string; onEnd: (conclusions: { text: string; agendaItemId: string | null }[], none: boolean, outcome: MeetingOutcomeInput) => void; onCancel: () => void }) {
  const [agenda, setAgenda] = useState<MinutesView['agenda']>([]);
  const [rows, setRows] = useState<Row[]>([{ text: '', agendaItemId: '' }]);
  const [none, setNone] = useState(false);
  const [met, setMet] = useState(true);
  const [cause, setCause] = useState<ShortfallCause | ''>('');
  const [note, setNote] = useState('');
  useEffect(() => {
    request<MinutesView>('GET', `/api/meetings/${meetingId}/minutes`)
      .then((v) => setAgenda(v.agenda))
      .catch(() => undefined);
  }, [meetingId]);
  const given = rows.filter((r) => r.text.trim());
  const set = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="modal-backdrop">
      <form
        className="modal end-meeting-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="end-dialog-title"
        data-testid="end-meeting-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onEnd(
            none ? [] : given.map((r) => ({ text: r.text.trim(), agendaItemId: r.agendaItemId || null })),
            none,
            met ? { met: true, note: note.trim() } : { met: false, cause: cause || 'other', note: note.trim() },
          );
        }}
      >
        <h3 id="end-dialog-title">{t('room.endDialogTitle')}</h3>
        <p className="muted">{t('room.endDialogHelp')}</p>
        {!none &&
          rows.map((r, i) => (
            <div key={i} className="conclusion-row">
              <select value={r.agendaItemId} onChange={(e) => set(i, { agendaItemId: e.target.value })} aria-label={t('room.conclusionItem')}>
                <option value="">{t('room.conclusionGeneral')}</option>
                {agenda.map((a, k) => (
                  <option key={a.id} value={a.id}>
                    {k + 1}. {a.title}
                  </option>
                ))}
              </select>
              <textarea value={r.text} onChange={(e) => set(i, { text: e.target.value })} rows={2} maxLength={4000} data-testid="conclusion-text" />
            </div>
          ))}
        {!none && (
          <button type="button" className="link-button" onClick={() => setRows([...rows, { text: '', agendaItemId: '' }])} data-testid="add-conclusion">
            {t('room.addConclusion')}
          </button>
        )}
        <label>
          <input type="checkbox" checked={none} onChange={(e) => setNone(e.target.checked)} data-testid="no-conclusions" /> {t('room.noConclusions')}
        </label>
        <fieldset className="end-outcome" data-testid="end-outcome">
          <legend>{t('room.outcomeQuestion')}</legend>
          <label>
            <input type="radio" name="outcome" checked={met} onChange={() => setMet(true)} data-testid="outcome-met" /> {t('room.outcomeMet')}
          </label>
          <label>
            <input type="radio" name="outcome" checked={!met} onChange={() => setMet(false)} data-testid="outcome-fell-short" /> {t('room.outcomeFellShort')}
          </label>
          {!met && (
            <label>
              {t('room.outcomeCause')}
              <select value={cause} onChange={(e) => setCause(e.target.value as ShortfallCause)} required data-testid="outcome-cause">
                <option value="">—</option>
                {shortfallCauses.map((c) => (
                  <option key={c} value={c}>
                    {t(`cause.${c}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {!met && (
            <label>
              {t('room.outcomeNote')}
              <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} data-testid="outcome-note" />
            </label>
          )}
        </fieldset>
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="danger" disabled={(!none && given.length === 0) || (!met && !cause)} data-testid="end-meeting-confirm">
            {t('room.endNow')}
          </button>
        </div>
      </form>
    </div>
  );
}
