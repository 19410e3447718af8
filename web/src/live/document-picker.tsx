/** The presenter picks one of the meeting's PDF documents to show to everyone (R3.11). */
import { useEffect, useState } from 'react';
import { request } from '../api';
import { t } from '../i18n';
import { ScreenIcon } from './room-icons';

interface PresentableDocument {
  id: string;
  name: string;
  mediaType: string;
}

export function DocumentPicker({ meetingId, disabled, onPick }: { meetingId: string; disabled: boolean; onPick(documentId: string): void }) {
  const [open, setOpen] = useState(false);
  const [documents, setDocuments] = useState<PresentableDocument[] | null>(null);
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    request<{ documents: PresentableDocument[] }>('GET', `/api/meetings/${meetingId}/documents`)
      .then((r) => !cancelled && setDocuments(r.documents.filter((d) => d.mediaType === 'application/pdf')))
      .catch(() => !cancelled && setDocuments([]));
    return () => {
      cancelled = true;
    };
  }, [open, meetingId]);

  return (
    <>
      <button type="button" className="control" aria-expanded={open} disabled={disabled} onClick={() => setOpen(!open)} data-testid="show-document">
        <ScreenIcon />
        <span>{t('room.showDocument')}</span>
      </button>
      {open && (
        <div className="document-picker" role="menu" data-testid="document-picker">
          {documents === null ? (
            <p className="muted">{t('common.loading')}</p>
          ) : documents.length === 0 ? (
            <p className="muted">{t('room.noDocuments')}</p>
          ) : (
            <ul>
              {documents.map((d) => (
                <li key={d.id}>
                  <button
                    type="button"
                    role="menuitem"
                    onClick={() => {
                      setOpen(false);
                      onPick(d.id);
                    }}
                    data-testid="document-choice"
                    data-document-id={d.id}
                  >
                    {d.name}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}
