/** Media negotiation relayed to Janus (the browser never speaks to Janus), and one's own camera/microphone switches. */
import { AppError } from '../../errors';
import { screenFeedId } from '../participant';
import type { Commands } from './command';

export const mediaCommands: Commands<'publish' | 'unpublish_screen' | 'subscriber_answer' | 'trickle' | 'set_media' | 'ice_restart'> = {
  publish: {
    async run({ deps, lm, p }, message) {
      const { state } = lm;
      if (message.source === 'screen' && !state.mayPresent(p)) throw new AppError('presentation_not_allowed');
      // One presentation at a time: a screen does not cover someone else's document.
      if (message.source === 'screen' && state.document && state.document.participantId !== p.id) throw new AppError('presentation_busy');
      if (message.restart) {
        // an ICE restart (R7.1) of what is already published: nothing else changes
        const answer = await lm.media.publish(p, message.jsep, message.source, true).catch((err: Error) => {
          if (err instanceof AppError) throw err;
          deps.logger.warn({ err: err.message, participantId: p.id }, 'ice restart failed');
          throw new AppError('media_negotiation_failed');
        });
        lm.direct(p, { type: 'publisher_answer', jsep: answer, source: message.source });
        return;
      }
      const answer = await lm.media.publish(p, message.jsep, message.source).catch((err: Error) => {
        if (err instanceof AppError) throw err;
        deps.logger.warn({ err: err.message, participantId: p.id }, 'publish failed');
        throw new AppError('media_negotiation_failed');
      });
      const feed = message.source === 'camera' ? p.id : screenFeedId(p.id);
      state.feedLabels.set(feed, { userId: p.user.id, label: message.source === 'camera' ? p.displayName : `${p.displayName} (màn hình)` });
      lm.changed();
      lm.direct(p, { type: 'publisher_answer', jsep: answer, source: message.source });
      if (message.source === 'screen') {
        state.setScreen(p, true);
        lm.logBy('presentation_started', p);
      }
    },
  },
  unpublish_screen: {
    async run({ lm, p }) {
      await lm.media.unpublishScreen(p);
      lm.state.setScreen(p, false);
      lm.keep(p);
      lm.changed();
      lm.logBy('presentation_stopped', p);
    },
  },
  subscriber_answer: {
    run({ p }, message) {
      if (!p.answer(message.jsep)) throw new AppError('media_negotiation_failed', undefined, 'no offer is waiting for an answer');
    },
  },
  trickle: {
    async run({ deps, lm, p }, message) {
      await lm.media.trickle(p, message.peer, message.candidate).catch((err: Error) => deps.logger.debug({ err: err.message }, 'trickle failed'));
    },
  },
  ice_restart: {
    run({ lm, p }) {
      lm.media.restartSubscriber(p);
    },
  },
  set_media: {
    run({ lm, p }, message) {
      if (p.audio === message.audio && p.video === message.video) return;
      p.audio = message.audio;
      p.video = message.video;
      lm.touch(p);
    },
  },
};
