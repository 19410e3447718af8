/**
 * A meeting's documents (R2.1) and draft minutes (R2.7): the list with downloads for everyone who may see the
 * meeting; upload (file and kind) and delete for those who manage it (`manage`). The server checks every file's
 * type against its bytes and refuses files over the size limit; its refusals are shown as they come.
 */
import { useRef, useState, type FormEvent } from 'react';
import { documentMediaTypes, type DocumentKind, type MeetingDocumentView, type MeetingView } from '../../../shared/api';
import { documentsApi } from '../schedule/api-schedule';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { useLoad } from '../use-load';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';

const accept = Object.entries(documentMediaTypes)
  .flatMap(([type, endings]) => [type, ...endings])
  .join(',');

/** `1,2 MB`, `350 KB` */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('vi-VN')} KB`;
}

export function DocumentsPanel({ meeting, manage = false }: { meeting: Pick<MeetingView, 'id' | 'needsMinutes'>; manage?: boolean }) {
  const { data: documents, error, reload } = useLoad(() => documentsApi.list(meeting.id), meeting.id);
  const [actionError, setActionError] = useState<ShownError | null>(null);

  // someone who may open the meeting's page but is not part of it sees no documents, and no panel
  if (!manage && error && typeof error !== 'string' && error.id === 'meeting_not_invited') return null;

  const remove = async (doc: MeetingDocumentView) => {
    if (!window.confirm(t('documents.confirmDelete', { name: doc.name }))) return;
    setActionError(null);
    try {
      await documentsApi.remove(meeting.id, doc.id);
      reload();
    } catch (caught) {
      setActionError(toShownError(caught));
    }
  };

  return (
    <section className="card" data-testid="documents-panel">
      <h2>{t('documents.title')}</h2>
      <ErrorMessage error={error ?? actionError} />
      {!documents && !error && <p className="muted">{t('common.loading')}</p>}
      {documents && documents.length === 0 && <p className="muted">{t('documents.none')}</p>}
      {documents && documents.length > 0 && (
        <table className="list" data-testid="documents-list">
          <thead>
            <tr>
              <th>{t('documents.name')}</th>
              <th>{t('documents.kind')}</th>
              <th>{t('documents.size')}</th>
              <th>{t('documents.uploaded')}</th>
              {manage && <th />}
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => (
              <tr key={d.id} data-testid="document-row">
                <td>
                  <a href={d.fileUrl} download={d.name}>
                    {d.name}
                  </a>
                </td>
                <td>{t(`documents.kind.${d.kind}`)}</td>
                <td>{formatSize(d.size)}</td>
                <td>
                  {formatDateTime(d.uploadedAt)}
                  {d.uploadedBy && <span className="muted small"> — {d.uploadedBy.name}</span>}
                </td>
                {manage && (
                  <td>
                    <button type="button" className="secondary small" onClick={() => void remove(d)} data-testid="document-delete">
                      {t('documents.delete')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manage && <UploadForm meeting={meeting} onUploaded={reload} />}
    </section>
  );
}

function UploadForm({ meeting, onUploaded }: { meeting: Pick<MeetingView, 'id' | 'needsMinutes'>; onUploaded(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<DocumentKind>('document');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return setError('documents.chooseFile');
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const document = await documentsApi.upload(meeting.id, file, kind);
      setDone(document.name);
      if (input.current) input.current.value = '';
      onUploaded();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="document-upload" data-testid="document-upload">
      <h3>{t('documents.uploadTitle')}</h3>
      <label>
        {t('documents.file')}
        <input ref={input} type="file" accept={accept} data-testid="document-file" />
      </label>
      <label>
        {t('documents.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)} data-testid="document-kind">
          <option value="document">{t('documents.kind.document')}</option>
          {meeting.needsMinutes && <option value="draft_minutes">{t('documents.kind.draft_minutes')}</option>}
        </select>
      </label>
      <p className="muted small">{t('documents.accepted')}</p>
      <button type="submit" disabled={busy} data-testid="document-submit">
        {busy ? t('documents.uploading') : t('documents.upload')}
      </button>
      <ErrorMessage error={error} />
      {done && (
        <p className="notice" data-testid="document-uploaded">
          {t('documents.uploadedOk', { name: done })}
        </p>
      )}
    </form>
  );
}
