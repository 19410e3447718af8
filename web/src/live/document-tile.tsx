/**
 * A meeting document shown to everyone (R3.11): each browser downloads the PDF itself (the meeting's documents
 * are open to its participants) and renders the page the presenter turned to; only the presenter turns pages.
 * pdf.js is loaded on first use, so a meeting without a document costs nothing.
 */
import { useEffect, useRef, useState } from 'react';
import type { ParticipantView } from '../../../shared/protocol';
import { t } from '../i18n';
import type { FramePlace } from './participant-tile';
import { ScreenIcon } from './room-icons';

type PdfDocument = import('pdfjs-dist').PDFDocumentProxy;

/** One download and parse per document, shared by re-renders and page turns. */
const loaded = new Map<string, Promise<PdfDocument>>();

async function loadPdf(url: string): Promise<PdfDocument> {
  let doc = loaded.get(url);
  if (!doc) {
    doc = (async () => {
      const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      return pdfjs.getDocument({ url, withCredentials: true }).promise;
    })();
    loaded.set(url, doc);
    doc.catch(() => loaded.delete(url));
  }
  return doc;
}

export const documentUrl = (meetingId: string, documentId: string) => `/api/meetings/${meetingId}/documents/${documentId}`;

export interface DocumentTileProps {
  meetingId: string;
  document: { participantId: string; documentId: string; name: string; page: number };
  presenter: ParticipantView | undefined;
  isPresenter: boolean;
  place: FramePlace;
  /** Given to the presenter: turn to a page; stop showing. */
  onPage?(page: number): void;
  onStop?(): void;
}

export function DocumentTile({ meetingId, document: shown, presenter, isPresenter, place, onPage, onStop }: DocumentTileProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [pages, setPages] = useState(0);
  const [rendered, setRendered] = useState(0);
  const [failed, setFailed] = useState(false);
  const url = documentUrl(meetingId, shown.documentId);

  useEffect(() => {
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<void> } | undefined;
    setFailed(false);
    void (async () => {
      try {
        const pdf = await loadPdf(url);
        if (cancelled) return;
        setPages(pdf.numPages);
        const page = await pdf.getPage(Math.min(Math.max(shown.page, 1), pdf.numPages));
        const element = canvas.current;
        if (cancelled || !element) return;
        // Render sharp for the frame's width on this screen; CSS scales it down to fit.
        const width = Math.max(element.parentElement?.clientWidth ?? 800, 320) * (window.devicePixelRatio || 1);
        const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
        element.width = Math.floor(viewport.width);
        element.height = Math.floor(viewport.height);
        task = page.render({ canvas: element, canvasContext: element.getContext('2d')!, viewport });
        await task.promise;
        if (!cancelled) setRendered(page.pageNumber);
      } catch (error) {
        if (!cancelled && (error as Error).name !== 'RenderingCancelledException') setFailed(true);
      }
    })();
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [url, shown.page]);

  const page = shown.page;
  return (
    <figure
      className={`tile document-tile frame-${place}`}
      data-testid="document-tile"
      data-participant-id={shown.participantId}
      data-document-id={shown.documentId}
      data-page={page}
      data-pages={pages}
      data-rendered-page={rendered}
      data-frame={place}
    >
      <canvas ref={canvas} aria-label={t('room.documentPage', { name: shown.name, page, pages })} />
      {failed && <div className="avatar small">{t('room.documentFailed')}</div>}
      <figcaption className="tile-label">
        <span className="tile-name">
          <ScreenIcon /> {t('room.documentOf', { name: presenter?.name ?? '', document: shown.name })}
        </span>
        <span className="document-pages" data-testid="document-page-label">
          {pages ? t('room.documentPageOf', { page, pages }) : ''}
        </span>
      </figcaption>
      {isPresenter && (
        <div className="document-controls" role="toolbar">
          <button type="button" disabled={page <= 1} onClick={() => onPage?.(page - 1)} data-testid="document-prev">
            {t('room.documentPrev')}
          </button>
          <button type="button" disabled={pages > 0 && page >= pages} onClick={() => onPage?.(page + 1)} data-testid="document-next">
            {t('room.documentNext')}
          </button>
          <button type="button" onClick={() => onStop?.()} data-testid="document-stop">
            {t('room.documentStop')}
          </button>
        </div>
      )}
    </figure>
  );
}
