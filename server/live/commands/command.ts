/**
 * One small handler per kind of client frame (after `join`): the right it needs, whether it changes the floor
 * (those run one at a time per meeting), and what it does. `index.ts` gathers them; LiveService runs them.
 */
import type { ClientMessage, ClientMessageType } from '../../../shared/protocol';
import type { LiveDeps } from '../live-deps';
import type { LiveMeeting } from '../live-meeting';
import type { May } from '../meeting-roles';
import type { Participant } from '../participant';
import type { LobbyEntry } from '../meeting-state';
import type { LiveRepository } from '../live.repository';

export type CommandType = Exclude<ClientMessageType, 'join'>;
export type Msg<T extends ClientMessageType> = Extract<ClientMessage, { type: T }>;

export interface CommandContext {
  deps: LiveDeps;
  repo: LiveRepository;
  lm: LiveMeeting;
  /** The participant who sent the frame. */
  p: Participant;
  /** Let someone in from the lobby (the service knows the waiting connection). */
  admit(entry: LobbyEntry, asObserver: boolean): Promise<void>;
  /** The meeting ended: the service lets it go. */
  ended(): void;
}

export interface Command<T extends CommandType> {
  /** The right the sender's role needs (R3.9), checked before anything else. */
  right?: keyof May;
  /** Changes the floor: runs after the meeting's previous floor change finished (LiveMeeting.serially). */
  serial?: boolean;
  run(ctx: CommandContext, message: Msg<T>): Promise<void> | void;
}

export type CommandTable = { [K in CommandType]: Command<K> };
/** A part of the table, as each file of commands gives it. */
export type Commands<K extends CommandType> = { [T in K]: Command<T> };
