/** Presenting (R3.11): a meeting document shown to everyone, and the chair's permission to present. */
import { AppError } from '../../errors';
import { presentDocument, stopDocument, stopPresenting } from '../presenting';
import type { Commands } from './command';

export const presentationCommands: Commands<'present_document' | 'stop_document' | 'allow_presentation'> = {
  present_document: {
    run({ deps, lm, p }, message) {
      return presentDocument(deps, lm, p, message.documentId, message.page);
    },
  },
  stop_document: {
    run({ lm, p }) {
      if (lm.state.document?.participantId !== p.id && !lm.state.controllers.has(p)) throw new AppError('presentation_not_allowed');
      stopDocument(lm, p);
    },
  },
  allow_presentation: {
    right: 'controlFloor',
    async run({ lm }, message) {
      const subject = lm.target(message.participantId);
      lm.state.setPresenter(subject, message.allowed);
      lm.changed();
      if (!message.allowed && !lm.state.mayPresent(subject)) await stopPresenting(lm, subject);
      lm.send([subject], { type: 'notice', id: message.allowed ? 'presentation_allowed' : 'presentation_withdrawn' });
    },
  },
};
