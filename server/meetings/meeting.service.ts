import type { z } from 'zod';
import type { MeetingView } from '../../shared/api';
import type { createMeetingBody } from '../../shared/api';
import { reservedSlugs } from '../../shared/slug';
import { hashPassword, verifyPassword } from '../auth/password';
import { AppError } from '../errors';
import type { UserRow } from '../organisation/user.repository';
import { compareByGivenName, presentPerson } from '../organisation/user.presenter';
import type { MeetingRepository, MeetingRow } from './meeting.repository';
import { EntryGrants } from './entry-grants';
import { meetingPolicy } from './meeting.policy';

export class MeetingService {
  private readonly grants = new EntryGrants();

  constructor(private readonly meetings: MeetingRepository) {}

  async create(actor: UserRow, input: z.output<typeof createMeetingBody>): Promise<MeetingView> {
    if (!meetingPolicy.canCreate(actor)) throw new AppError('forbidden');
    if (reservedSlugs.has(input.slug)) throw new AppError('meeting_slug_reserved', { slug: 'reserved' });
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) throw new AppError('meeting_time_invalid', { endsAt: 'before start' });
    const inviteeIds = [...new Set(input.inviteeIds)].filter((id) => id !== input.chairId);
    const known = await this.meetings.people([input.chairId, ...inviteeIds]);
    const missing = [input.chairId, ...inviteeIds].filter((id) => !known.some((p) => p.id === id));
    if (missing.length) throw new AppError('user_not_found', Object.fromEntries(missing.map((id) => [id === input.chairId ? 'chairId' : 'inviteeIds', id])));
    if (await this.meetings.findBySlug(input.slug)) throw new AppError('meeting_slug_taken', { slug: 'taken' });
    const created = await this.meetings
      .create(
        {
          title: input.title,
          slug: input.slug,
          startsAt,
          endsAt,
          chairId: input.chairId,
          passwordHash: await hashPassword(input.password),
          createdBy: actor.id,
        },
        inviteeIds,
      )
      .catch((err: { code?: string; cause?: { code?: string } }) => {
        // a concurrent create took the slug between our check and the insert
        if (err.code === '23505' || err.cause?.code === '23505') throw new AppError('meeting_slug_taken', { slug: 'taken' });
        throw err;
      });
    return (await this.present(actor, [created]))[0]!;
  }

  async list(actor: UserRow): Promise<MeetingView[]> {
    const rows = await this.meetings.listFor(actor.role === 'operator' ? undefined : actor.id);
    return this.present(actor, rows);
  }

  /** The meeting at a link address, if the actor may see it. */
  async getBySlug(actor: UserRow, slug: string): Promise<MeetingView> {
    const meeting = await this.visible(actor, slug);
    return (await this.present(actor, [meeting]))[0]!;
  }

  /**
   * Whether the actor may enter the meeting now with this password. Order matters: an outsider learns nothing
   * about the password or the meeting's state. A session that passed recently is not asked again (EntryGrants).
   */
  async checkEntry(actor: UserRow, sessionId: string, slug: string, password: string): Promise<MeetingRow> {
    const meeting = await this.meetings.findBySlug(slug);
    if (!meeting) throw new AppError('meeting_not_found');
    const invited = await this.meetings.isInvited(meeting.id, actor.id);
    if (!meetingPolicy.canEnter(actor, meeting, invited)) throw new AppError('meeting_not_invited');
    if (!this.grants.has(sessionId, meeting.id) && !(await verifyPassword(meeting.passwordHash, password))) {
      throw new AppError('meeting_password_wrong');
    }
    this.grants.grant(sessionId, meeting.id);
    if (meeting.status === 'ended') throw new AppError('meeting_ended');
    return meeting;
  }

  private async visible(actor: UserRow, slug: string): Promise<MeetingRow> {
    const meeting = await this.meetings.findBySlug(slug);
    if (!meeting) throw new AppError('meeting_not_found');
    const invited = await this.meetings.isInvited(meeting.id, actor.id);
    if (!meetingPolicy.canSee(actor, meeting, invited)) throw new AppError('meeting_not_invited');
    return meeting;
  }

  private async present(actor: UserRow, rows: MeetingRow[]): Promise<MeetingView[]> {
    const invitations = await this.meetings.invitationsOf(rows.map((m) => m.id));
    const people = await this.meetings.people([...new Set([...rows.map((m) => m.chairId), ...invitations.map((i) => i.userId)])]);
    const byId = new Map(people.map((p) => [p.id, p]));
    return rows.map((m) => ({
      id: m.id,
      title: m.title,
      slug: m.slug,
      startsAt: m.startsAt.toISOString(),
      endsAt: m.endsAt.toISOString(),
      status: m.status,
      chair: presentPerson(byId.get(m.chairId) ?? { id: m.chairId, name: '?', unit: '' }),
      invitees: invitations
        .filter((i) => i.meetingId === m.id)
        .map((i) => byId.get(i.userId))
        .filter((p) => p !== undefined)
        .sort(compareByGivenName)
        .map(presentPerson),
      canEnd: meetingPolicy.canEnd(actor, m),
    }));
  }
}
