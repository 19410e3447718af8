/**
 * Presenting (R3.11): a shared screen or one of the meeting's PDF documents takes the main frame; one presentation
 * at a time; it stops when its presenter loses the right to present (the end of the turn, the chair's withdrawal)
 * or leaves.
 */
import { AppError } from '../errors';
import type { LiveDeps } from './live-deps';
import type { LiveMeeting } from './live-meeting';
import type { Participant } from './participant';

/**
 * Show a meeting's PDF to everyone, or turn its page. Everyone's client renders the same page of the document it
 * downloads itself; the presenter leads.
 */
export async function presentDocument(deps: LiveDeps, lm: LiveMeeting, p: Participant, documentId: string, page: number): Promise<void> {
  const { state } = lm;
  if (!state.mayPresent(p)) throw new AppError('presentation_not_allowed');
  // One presentation at a time: a shared screen (even one's own) is stopped first.
  if (state.presentation() || (state.document && state.document.participantId !== p.id)) throw new AppError('presentation_busy');
  if (state.document?.documentId === documentId) {
    state.setDocument({ ...state.document, page });
    lm.changed();
    return;
  }
  const doc = await deps.documents?.presentable(lm.id, documentId);
  if (!doc) throw new AppError('document_not_presentable');
  state.setDocument({ participantId: p.id, documentId: doc.id, name: doc.name, page });
  lm.changed();
  lm.logBy('presentation_started', p, { documentId: doc.id, name: doc.name });
}

export function stopDocument(lm: LiveMeeting, by: Participant): void {
  const shown = lm.state.document;
  if (!shown) return;
  lm.state.setDocument(null);
  lm.changed();
  lm.logBy('presentation_stopped', by, { documentId: shown.documentId, participantId: shown.participantId });
}

/** Stop sharing the participant's screen (the handle goes; Janus tells the subscribers). */
export async function stopScreen(lm: LiveMeeting, p: Participant): Promise<void> {
  if (!p.sharingScreen) return;
  await lm.media.unpublishScreen(p);
  lm.state.setScreen(p, false);
  lm.keep(p);
  lm.changed();
}

/** The participant's screen and shown document stop, as when their right to present ends. */
export async function stopPresenting(lm: LiveMeeting, p: Participant): Promise<void> {
  await stopScreen(lm, p);
  if (lm.state.document?.participantId === p.id) stopDocument(lm, p);
}
