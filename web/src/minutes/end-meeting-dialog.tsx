/**
 * Ending the meeting (R3.5, D10.4): the chair gives the conclusions — each optionally of an agenda item — or confirms
 * that there are none; the server refuses an end without either.
 */
import { useEffect, useState } from 'react';
import type { MinutesView } from '../../../shared/api';
import { request } from '../api';
import { t } from '../i18n';

type Row = { text: string; agendaItemId: string };

export function EndMeetingDialog({ meetingId, onEnd, onCancel }: { meetingId: string; onEnd: (conclusions: { text: string; agendaItemId: string | null }[], none: boolean) => void; onCancel: () => void }) {
  const [agenda, setAgenda] = useState<MinutesView['agenda']>([]);
  const [rows, setRows] = useState<Row[]>([{ text: '', agendaItemId: '' }]);
  const [none, setNone] = useState(false);
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
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="danger" disabled={!none && given.length === 0} data-testid="end-meeting-confirm">
            {t('room.endNow')}
          </button>
        </div>
      </form>
    </div>
  );
}
