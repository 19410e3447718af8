/** Rows → the API's view of replies (names and titles only: never e-mail addresses or anything secret). */
import type { InviteeKind, PersonRef, ReplyView } from '../../shared/api';
import { comparePeople } from '../../shared/people-order';
import { presentPerson } from '../organisation/user.presenter';
import type { ReplyRow } from './replies.repository';

export interface Invitee {
  kind: InviteeKind;
  id: string;
  name: string;
  title: string;
  unit: string;
}

type Person = { id: string; name: string; title: string; unitName: string };

const collator = new Intl.Collator('vi');

export function presentReply(invitee: Invitee, row: ReplyRow | undefined, people: ReadonlyMap<string, Person>, mayAnswer: boolean): ReplyView {
  const person = (id: string | null): PersonRef | null => {
    if (!id) return null;
    const p = people.get(id);
    return p ? presentPerson(p) : { id, name: '?', title: '', unit: '' };
  };
  return {
    kind: invitee.kind,
    inviteeId: invitee.id,
    name: invitee.name,
    title: invitee.title,
    unit: invitee.unit,
    answer: row?.answer ?? null,
    reason: row?.reason ?? '',
    substitute:
      row?.answer === 'substitute' && row.substituteId && row.substituteStatus
        ? {
            person: person(row.substituteId)!,
            status: row.substituteStatus,
            decidedBy: person(row.substituteDecidedBy),
            decidedAt: row.substituteDecidedAt ? row.substituteDecidedAt.toISOString() : null,
          }
        : null,
    repliedAt: row ? row.repliedAt.toISOString() : null,
    repliedBy: row ? person(row.repliedBy) : null,
    mayAnswer,
  };
}

/**
 * A fixed order, so that rows stay in place while the list refreshes itself: invited units first (by name), then
 * people by unit, title and given name (Vietnamese order). The summary says how many have not answered.
 */
export function compareInvitees(a: Invitee, b: Invitee): number {
  if (a.kind !== b.kind) return a.kind === 'unit' ? -1 : 1;
  return a.kind === 'unit' ? collator.compare(a.name, b.name) : comparePeople(a, b);
}
