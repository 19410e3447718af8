/** The lobby (R3.1): the chair or the chair's technician lets someone in (as a participant or an observer) or not. */
import { AppError } from '../../errors';
import { serialise } from '../client-link';
import type { Commands } from './command';

export const lobbyCommands: Commands<'admit' | 'refuse'> = {
  admit: {
    right: 'admit',
    async run(ctx, message) {
      const entry = ctx.lm.state.lobby.get(message.lobbyId);
      if (!entry) throw new AppError('lobby_entry_not_found');
      await ctx.admit(entry, message.asObserver);
    },
  },
  refuse: {
    right: 'admit',
    async run({ deps, lm, p }, message) {
      const entry = lm.state.lobby.get(message.lobbyId);
      if (!entry) throw new AppError('lobby_entry_not_found');
      lm.state.removeLobbyEntry(entry);
      lm.changed();
      entry.link.send(serialise({ type: 'closed', reason: 'refused', ...(message.reason ? { message: message.reason } : {}) }));
      entry.link.close();
      const userId = entry.signedIn.user.id;
      lm.log('refused', userId, { by: p.user.id, reason: message.reason });
      await deps.audit.record({ actorId: p.user.id, action: 'meeting.refused', targetType: 'meeting', targetId: lm.id, data: { userId, reason: message.reason } });
    },
  },
};
