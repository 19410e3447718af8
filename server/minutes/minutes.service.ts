/**
 * The minutes written during the meeting (R2.7, R3.12, D12.3) and the chair's conclusions before its end (R3.5,
 * D10.4). The secretary writes, the chair may correct; everyone who is part of the meeting (the chair, the presenters,
 * the delegates who vote on them) reads them as they are written: every change moves the minutes' version on and is
 * announced in the meeting room, and readers refetch. Each paragraph carries its own version: an edit made on an older
 * one is refused with both texts (`minutes_version_conflict`), so no change is ever lost silently. Every change is an
 * audit entry in the same transaction.
 */
import type { SignaturesService } from '../signatures/signatures.service';
import type { z } from 'zod';
import type { ConclusionInput, RecordedConclusionView, FloorTurnView, MinutesEntryView, MinutesView, createMinutesEntryBody } from '../../shared/api';
import { computeAttendance } from '../attendance/attendance';
import type { AttendanceRepository } from '../attendance/attendance.repository';
import type { AuditService } from '../audit/audit.service';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import { placeOf } from '../invitations/invitation-content';
import type { MeetingRepository, MeetingRow } from '../meetings/meeting.repository';
import type { MeetingService } from '../meetings/meeting.service';
import type { Actor } from '../organisation/organisation.policy';
import type { UnitRepository } from '../organisation/unit.repository';
import { comparePeople } from '../../shared/people-order';
import { presentPerson } from '../organisation/user.presenter';
import { renderAdminDocx } from '../pdf/admin-document-docx';
import { renderAdminDocument } from '../pdf/admin-document';
import type { VotesService } from '../votes/votes.service';
import { minutesDocument } from './minutes-content';
import type { ConclusionRow, MinutesEntryRow, MinutesRepository } from './minutes.repository';

/** Told of every change, to announce it in the meeting room (`records_changed`). */
export type MinutesAnnouncer = (meetingId: string, what: 'minutes' | 'votes') => void;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export class MinutesService {
  constructor(
    private readonly db: Db,
    private readonly repo: MinutesRepository,
    private readonly meetingRepo: MeetingRepository,
    private readonly meetings: MeetingService,
    private readonly unitRepo: UnitRepository,
    private readonly attendanceRepo: AttendanceRepository,
    private readonly votes: VotesService,
    private readonly audit: AuditService,
    private readonly announce: MinutesAnnouncer,
    /** The signatures domain: the minutes go to signing, secretary then chair (R2.7, R3.12). */
    private readonly signatures?: Pick<SignaturesService, 'createSignable'>,
  ) {}

  /**
   * Put the minutes as they stand up for signing (R3.12, M8.1d): a PDF with the secretary's and the chair's signature
   * fields, signed in that order, each with their second factor (`/api/signables/:id/sign`). A later submission
   * (after more was written) is a new document to sign; the earlier one stays as it was signed.
   */
  async submitForSigning(actor: Actor, meetingId: string, ip = ''): Promise<{ signableId: string }> {
    const m = await this.writable(actor, meetingId);
    if (!this.signatures) throw new AppError('internal_error');
    if (!m.secretaryId) throw new AppError('minutes_secretary_required');
    const pdf = await this.renderMinutesPdf(m.id);
    const signerIds = [...new Set([m.secretaryId, m.chairId])];
    const signatures = this.signatures;
    const id = await this.db.transaction(async (tx) => {
      const { id: signableId } = await signatures.createSignable(tx, { kind: 'minutes', subjectId: m.id, title: `Biên bản cuộc họp ${m.title}`, pdf, signerIds, createdBy: actor.id });
      await this.audit.record({ actorId: actor.id, action: 'minutes.submitted_for_signing', targetType: 'meeting', targetId: m.id, data: { signableId, signerIds }, ip }, tx);
      return signableId;
    });
    this.announce(m.id, 'minutes');
    return { signableId: id };
  }

  /** The meeting, if the actor is part of it (the meetings list rule); the minutes are read by the same people. */
  private async readable(actor: Actor, meetingId: string) {
    const view = await this.meetings.get(actor, meetingId);
    const row = (await this.meetingRepo.findById(meetingId))!;
    return { view, row };
  }

  private mayWrite(actor: Actor, m: MeetingRow): boolean {
    return m.status !== 'cancelled' && (m.secretaryId === actor.id || m.chairId === actor.id);
  }

  /** The minutes as they are now; `{ unchanged: true }` when the reader's `known` version is current. */
  async view(actor: Actor, meetingId: string, known?: number): Promise<MinutesView | { unchanged: true }> {
    const { view: meeting, row } = await this.readable(actor, meetingId);
    if (known !== undefined && known === (await this.repo.version(meetingId)).version) return { unchanged: true };
    return this.compose(row, { canWrite: this.mayWrite(actor, row), canDesignateSecretary: row.chairId === actor.id || meeting.canManage });
  }

  private async compose(m: MeetingRow, rights: { canWrite: boolean; canDesignateSecretary: boolean }): Promise<MinutesView> {
    const [state, agenda, entries, floorLog, conclusions, events, inviteeIds, replies, votes] = await Promise.all([
      this.repo.version(m.id),
      this.repo.agenda(m.id),
      this.repo.entries(m.id),
      this.repo.floorLog(m.id),
      this.repo.conclusions(m.id),
      this.attendanceRepo.events(m.id),
      this.repo.inviteeIds(m.id),
      this.repo.absenceReplies(m.id),
      this.votes.results(m),
    ]);
    const lineUserIds = [...new Set(events.flatMap((e) => (e.userId ? [e.userId] : [])))];
    const endpointIds = [...new Set(events.flatMap((e) => (e.type === 'joined' && uuidPattern.test(str(e.data.endpointId)) ? [str(e.data.endpointId)] : [])))];
    const personIds = [...new Set([m.chairId, ...(m.secretaryId ? [m.secretaryId] : []), ...inviteeIds, ...lineUserIds, ...agenda.flatMap((a) => (a.presenterId ? [a.presenterId] : [])), ...replies.flatMap((r) => (r.substituteId ? [r.substituteId] : [])), ...conclusions.map((c) => c.recordedBy), ...entries.map((e) => e.updatedBy)])];
    const [people, endpointNames, unitNames, tree, draft] = await Promise.all([
      this.meetingRepo.people(personIds),
      this.attendanceRepo.endpointNames(endpointIds),
      this.repo.unitNames(replies.filter((r) => r.kind === 'unit').map((r) => r.id)),
      this.unitRepo.tree(),
      this.repo.draftDocument(m.id, state.draftDocumentId),
    ]);
    const byId = new Map(people.map((p) => [p.id, p]));
    const lines = computeAttendance({ events, people: byId, endpoints: endpointNames, endedAt: m.endedAt, now: new Date() });
    const attendedIds = new Set(lines.map((l) => l.userId));
    const replyOf = new Map(replies.filter((r) => r.kind === 'person').map((r) => [r.id, r]));
    const reasonOf = (r: (typeof replies)[number] | undefined) => {
      if (!r) return '';
      if (r.answer === 'substitute') return [`cử ${byId.get(r.substituteId ?? '')?.name ?? 'người'} dự thay`, r.reason].filter(Boolean).join(': ');
      return r.reason;
    };
    const absent = [
      ...inviteeIds
        .filter((id) => !attendedIds.has(id))
        .map((id) => byId.get(id))
        .filter((p) => p !== undefined)
        .sort(comparePeople)
        .map((p) => ({ name: p.name, title: p.title, unit: p.unitName, reason: reasonOf(replyOf.get(p.id)) })),
      ...replies.filter((r) => r.kind === 'unit').map((r) => ({ name: unitNames.get(r.id) ?? '', title: '', unit: '', reason: reasonOf(r) })),
    ];
    const host = tree.get(m.hostUnitId);
    const chair = byId.get(m.chairId);
    const secretary = m.secretaryId ? byId.get(m.secretaryId) : undefined;
    const nameOf = (id: string) => byId.get(id)?.name ?? '';
    const turns = floorTurns(floorLog);
    // an opinion anchored while its turn lasted gets the turn's length once the log has it
    const turnOf = new Map(turns.map((t) => [t.grantId, t]));
    return {
      meetingId: m.id,
      version: state.version,
      header: {
        title: m.title,
        startsAt: m.startsAt.toISOString(),
        endsAt: m.endsAt.toISOString(),
        endedAt: m.endedAt?.toISOString() ?? null,
        place: `/${m.slug}`,
        hostUnit: host?.name ?? '',
        chair: presentPerson(chair ?? { id: m.chairId, name: '', title: '', unitName: '' }),
        secretary: secretary ? presentPerson(secretary) : null,
        attended: lines
          .slice()
          .sort(comparePeople)
          .map((l) => ({ name: l.endpoint && l.role === 'endpoint' ? l.endpoint : l.name, title: l.endpoint && l.role === 'endpoint' ? '' : l.title, unit: l.unit })),
        absent,
      },
      agenda: agenda.map((a) => ({ id: a.id, title: a.title, presenter: (a.presenterId ? byId.get(a.presenterId)?.name : undefined) ?? a.presenterName })),
      entries: entries.map((e) => presentEntry(e, nameOf(e.updatedBy), turnOf.get(e.grantId ?? '')?.spokeMs)),
      floorTurns: turns.map(({ grantId, speaker, at, spokeMs }) => ({ grantId, speaker, at, spokeMs })),
      conclusions: conclusions.map((c) => presentConclusion(c, nameOf(c.recordedBy))),
      conclusionsNoneAt: m.conclusionsNoneAt?.toISOString() ?? null,
      draft: draft ? { documentId: draft.id, name: draft.name } : null,
      votes,
      ...rights,
    };
  }

  /** Who may write: the secretary and the chair, while the meeting is not cancelled (also after its end, to finish). */
  private async writable(actor: Actor, meetingId: string): Promise<MeetingRow> {
    const { row } = await this.readable(actor, meetingId);
    if (!this.mayWrite(actor, row)) throw new AppError('forbidden');
    return row;
  }

  async createEntry(actor: Actor, meetingId: string, input: z.output<typeof createMinutesEntryBody>, ip = ''): Promise<MinutesEntryView> {
    const m = await this.writable(actor, meetingId);
    if (input.section !== 'opening' && input.section !== 'other' && !(await this.repo.agenda(m.id)).some((a) => a.id === input.section)) throw new AppError('minutes_section_invalid');
    let anchor: Pick<MinutesEntryRow, 'grantId' | 'speakerId' | 'speakerName' | 'spokeAt' | 'spokeMs'> = { grantId: null, speakerId: null, speakerName: '', spokeAt: null, spokeMs: null };
    if (input.grantId) {
      const turn = floorTurns(await this.repo.floorLog(m.id)).find((t) => t.grantId === input.grantId);
      if (!turn) throw new AppError('minutes_floor_turn_not_found');
      anchor = { grantId: turn.grantId, speakerId: turn.userId, speakerName: turn.speaker, spokeAt: new Date(turn.at), spokeMs: turn.spokeMs };
    }
    const row = await this.db.transaction(async (tx) => {
      const inserted = await this.repo.insertEntry(tx, { meetingId: m.id, section: input.section, text: input.text, ...anchor, createdBy: actor.id, updatedBy: actor.id });
      await this.repo.bump(tx, m.id);
      await this.audit.record({ actorId: actor.id, action: 'minutes.entry_added', targetType: 'meeting', targetId: m.id, data: { entryId: inserted.id, section: input.section, grantId: anchor.grantId }, ip }, tx);
      return inserted;
    });
    this.announce(m.id, 'minutes');
    return presentEntry(row, actor.name);
  }

  async updateEntry(actor: Actor, meetingId: string, entryId: string, input: { text: string; version: number }, ip = ''): Promise<MinutesEntryView> {
    const m = await this.writable(actor, meetingId);
    const row = await this.db.transaction(async (tx) => {
      const updated = await this.repo.updateEntry(tx, m.id, entryId, input.version, input.text, actor.id);
      if (!updated) throw await this.conflict(m.id, entryId, tx);
      await this.repo.bump(tx, m.id);
      await this.audit.record({ actorId: actor.id, action: 'minutes.entry_changed', targetType: 'meeting', targetId: m.id, data: { entryId, version: updated.version }, ip }, tx);
      return updated;
    });
    this.announce(m.id, 'minutes');
    return presentEntry(row, actor.name);
  }

  async deleteEntry(actor: Actor, meetingId: string, entryId: string, version: number, ip = ''): Promise<void> {
    const m = await this.writable(actor, meetingId);
    await this.db.transaction(async (tx) => {
      if (!(await this.repo.deleteEntry(tx, m.id, entryId, version))) throw await this.conflict(m.id, entryId, tx);
      await this.repo.bump(tx, m.id);
      await this.audit.record({ actorId: actor.id, action: 'minutes.entry_deleted', targetType: 'meeting', targetId: m.id, data: { entryId }, ip }, tx);
    });
    this.announce(m.id, 'minutes');
  }

  /** The paragraph as someone else left it: its text, version and author go back with the refusal. */
  private async conflict(meetingId: string, entryId: string, tx: Tx): Promise<AppError> {
    const current = await this.repo.entry(meetingId, entryId, tx);
    if (!current) return new AppError('minutes_entry_not_found');
    return new AppError('minutes_version_conflict', { theirText: current.text, theirVersion: String(current.version), theirAuthor: await this.repo.userName(current.updatedBy, tx) });
  }

  /** The chair or those who manage the meeting name its secretary (D12.3): someone invited, or nobody. */
  async designateSecretary(actor: Actor, meetingId: string, secretaryId: string | null, ip = ''): Promise<MinutesView> {
    const { view, row } = await this.readable(actor, meetingId);
    if (row.chairId !== actor.id && !view.canManage) throw new AppError('forbidden');
    if (secretaryId && secretaryId !== row.chairId && !(await this.meetingRepo.isInvited(meetingId, secretaryId))) throw new AppError('secretary_not_invited');
    await this.db.transaction(async (tx) => {
      await this.repo.setSecretary(tx, meetingId, secretaryId);
      await this.repo.bump(tx, meetingId);
      await this.audit.record({ actorId: actor.id, action: 'minutes.secretary_designated', targetType: 'meeting', targetId: meetingId, data: { secretaryId, previous: row.secretaryId }, ip }, tx);
    });
    this.announce(meetingId, 'minutes');
    return (await this.view(actor, meetingId)) as MinutesView;
  }

  /** Start from the draft minutes prepared beforehand (M8.1d): the secretary names which one. */
  async setDraft(actor: Actor, meetingId: string, documentId: string | null, ip = ''): Promise<MinutesView> {
    const m = await this.writable(actor, meetingId);
    if (documentId && !(await this.repo.draftDocument(m.id, documentId))) throw new AppError('document_not_found');
    await this.db.transaction(async (tx) => {
      await this.repo.bump(tx, m.id, { draftDocumentId: documentId });
      await this.audit.record({ actorId: actor.id, action: 'minutes.draft_chosen', targetType: 'meeting', targetId: m.id, data: { documentId }, ip }, tx);
    });
    this.announce(m.id, 'minutes');
    return (await this.view(actor, meetingId)) as MinutesView;
  }

  /**
   * The chair's conclusions at the end (R3.5, D10.4), in the transaction that ends the meeting: the list (each with the
   * time) or the confirmation that there are none; refused when neither was given. Returns what the audit entry says.
   */
  async recordAtEnd(tx: Tx, meetingId: string, actorId: string, input: { conclusions: ConclusionInput[]; noConclusions: boolean }): Promise<Record<string, unknown>> {
    const now = new Date();
    if (input.conclusions.length === 0) {
      if (!input.noConclusions) throw new AppError('meeting_conclusions_required');
      await this.repo.markNoConclusions(tx, meetingId, actorId, now);
      await this.audit.record({ actorId, action: 'meeting.no_conclusions', targetType: 'meeting', targetId: meetingId, data: { at: now.toISOString() } }, tx);
      return { conclusions: 0 };
    }
    const agendaIds = new Set((await this.repo.agenda(meetingId, tx)).map((a) => a.id));
    if (input.conclusions.some((c) => c.agendaItemId && !agendaIds.has(c.agendaItemId))) throw new AppError('conclusion_agenda_item_invalid');
    const rows = await this.repo.insertConclusions(tx, meetingId, input.conclusions, actorId, now);
    await this.repo.bump(tx, meetingId);
    await this.audit.record({ actorId, action: 'meeting.conclusions_recorded', targetType: 'meeting', targetId: meetingId, data: { conclusions: rows.map((r) => ({ id: r.id, text: r.text, agendaItemId: r.agendaItemId })) } }, tx);
    return { conclusions: rows.length };
  }

  /** The BIÊN BẢN as a PDF (Decree 30/2020 form), for signing (the signatures domain takes it from here). */
  async renderMinutesPdf(meetingId: string): Promise<Buffer> {
    return renderAdminDocument(await this.document(meetingId));
  }

  private async document(meetingId: string) {
    const m = await this.meetingRepo.findById(meetingId);
    if (!m) throw new AppError('meeting_not_found');
    const view = await this.compose(m, { canWrite: false, canDesignateSecretary: false });
    const tree = await this.unitRepo.tree();
    const host = tree.get(m.hostUnitId);
    const parent = host?.parentId ? tree.get(host.parentId) : undefined;
    let root = host;
    while (root?.parentId) root = tree.get(root.parentId);
    return minutesDocument({ view, parentBody: parent?.name, place: placeOf(root?.name ?? '') });
  }

  /** The minutes to download, as PDF or DOCX, for whoever may read them; every download is in the audit trail. */
  async export(actor: Actor, meetingId: string, format: 'pdf' | 'docx', ip = ''): Promise<{ filename: string; contentType: string; body: Buffer }> {
    const { row } = await this.readable(actor, meetingId);
    const document = await this.document(meetingId);
    const body = format === 'pdf' ? await renderAdminDocument(document) : await renderAdminDocx(document);
    await this.audit.record({ actorId: actor.id, action: 'minutes.exported', targetType: 'meeting', targetId: meetingId, data: { format }, ip });
    const day = row.startsAt.toISOString().slice(0, 10);
    return {
      filename: `bien-ban-${day}-${meetingId.slice(0, 8)}.${format}`,
      contentType: format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      body,
    };
  }
}

/** The floor's turns from the meeting log: who, when, how long (null while the turn lasts). */
export function floorTurns(log: { type: string; at: Date; userId: string | null; data: Record<string, unknown> }[]): (FloorTurnView & { userId: string | null })[] {
  const turns = new Map<string, FloorTurnView & { userId: string | null }>();
  for (const e of log) {
    const grantId = str(e.data.grantId);
    if (!grantId) continue;
    if (e.type === 'floor_granted') turns.set(grantId, { grantId, speaker: str(e.data.speaker), at: e.at.toISOString(), spokeMs: null, userId: str(e.data.userId) || null });
    else if (e.type === 'floor_ended') {
      const t = turns.get(grantId);
      if (t && typeof e.data.spokeMs === 'number') t.spokeMs = e.data.spokeMs;
    }
  }
  return [...turns.values()];
}

function presentEntry(e: MinutesEntryRow, updatedBy: string, spokeMs: number | null = e.spokeMs): MinutesEntryView {
  return {
    id: e.id,
    section: e.section,
    position: e.position,
    text: e.text,
    floorTurn: e.grantId && e.spokeAt ? { grantId: e.grantId, speaker: e.speakerName, at: e.spokeAt.toISOString(), spokeMs: spokeMs ?? e.spokeMs } : null,
    version: e.version,
    updatedBy,
    updatedAt: e.updatedAt.toISOString(),
  };
}

function presentConclusion(c: ConclusionRow, recordedBy: string): RecordedConclusionView {
  return { id: c.id, position: c.position, text: c.text, agendaItemId: c.agendaItemId, recordedAt: c.recordedAt.toISOString(), recordedBy };
}
