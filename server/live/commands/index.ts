/** Every command a participant may send, by frame type, and how one is run (right first, floor changes in turn). */
import type { ClientMessage } from '../../../shared/protocol';
import { AppError } from '../../errors';
import { permissionsOf } from '../meeting-roles';
import { chairCommands } from './chair.commands';
import { channelCommands } from './channels.commands';
import type { Command, CommandContext, CommandTable, CommandType } from './command';
import { floorCommands } from './floor.commands';
import { lobbyCommands } from './lobby.commands';
import { mediaCommands } from './media.commands';
import { presenceCommands } from './presence.commands';
import { presentationCommands } from './presentation.commands';

export const commands: CommandTable = {
  ...mediaCommands,
  ...presenceCommands,
  ...lobbyCommands,
  ...floorCommands,
  ...chairCommands,
  ...presentationCommands,
  ...channelCommands,
};

export async function runCommand(ctx: CommandContext, message: Exclude<ClientMessage, { type: 'join' }>): Promise<void> {
  const command = commands[message.type] as Command<CommandType>;
  if (command.right && !permissionsOf(ctx.p.role)[command.right]) throw new AppError('meeting_role_forbidden');
  const run = () => Promise.resolve(command.run(ctx, message as never));
  await (command.serial ? ctx.lm.serially(run) : run());
}
