/**
 * Attendance of a meeting (R4.3: participation confirmed, the basis for paying allowances), computed from the
 * meeting log on every request — never stored, so it always agrees with the log. For those who may see the
 * meeting's records (`canSeeRecords`); every download of the list is an audit entry (R1.5: exports).
 */
import type { AttendanceView, ConfirmAttendanceResponse, RoomPeopleBody, RoomPeopleView } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { placeOf } from '../invitations/invitation-content';
import { renderAdminDocument } from '../pdf/admin-document';
import type { SignaturesService } from '../signatures/signatures.service';
import { attendanceRecordDocument } from './attendance-record';
import type { MeetingService } from '../meetings/meeting.service';
import type { Actor } from '../organisation/organisation.policy';
import { computeAttendance } from './attendance';
import { attendanceCsv, attendanceXlsx } from './attendance.export';
import type { AttendanceRecordRepository, AttendanceRepository } from './attendance.repository';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AttendanceFile {
  filename: string;
  contentType: string;
  body: string | Buffer;
}

export class AttendanceService {
  constructor(
    private readonly meetings: MeetingService,
    private readonly repo: AttendanceRepository,
    private readonly audit: AuditService,
    private readonly db: Db,
    private readonly records: AttendanceRecordRepository,
    private readonly signatures: SignaturesService,
  ) {}

  // ------------------------------------------------------------------ the people in each room (R4.3)

  /** The invited rooms with their people: for those who see the records, and for each room's technician (theirs). */
  async roomPeople(actor: Actor, meetingId: string): Promise<{ rooms: RoomPeopleView[] }> {
    const rooms = await this.records.rooms(meetingId);
    const operated = await this.records.roomsOperatedBy(
      actor.id,
      rooms.map((r) => r.endpointId),
    );
    // a room's technician need not be invited to the meeting: they see their rooms only
    const seesAll = operated.size === 0 || (await this.meetings.getForRecords(actor, meetingId).then(() => true, () => false));
    if (operated.size === 0) await this.meetings.getForRecords(actor, meetingId);
    return {
      rooms: rooms
        .filter((r) => seesAll || operated.has(r.endpointId))
        .map((r) => ({ endpointId: r.endpointId, name: r.name, people: r.people, enteredAt: r.enteredAt?.toISOString() ?? null, mayEdit: operated.has(r.endpointId) })),
    };
  }

  async setRoomPeople(actor: Actor, meetingId: string, endpointId: string, body: RoomPeopleBody, ip = ''): Promise<RoomPeopleView> {
    const room = (await this.records.rooms(meetingId)).find((r) => r.endpointId === endpointId);
    if (!room) throw new AppError('endpoint_not_found');
    if (!(await this.records.roomsOperatedBy(actor.id, [endpointId])).has(endpointId)) throw new AppError('room_people_not_technician');
    const people = body.people.map((p) => ({ name: p.name, title: p.title ?? '' }));
    const at = new Date();
    await this.db.transaction(async (tx) => {
      await this.records.setRoomPeople(tx, { meetingId, endpointId, people, enteredBy: actor.id, enteredAt: at });
      await this.audit.record({ actorId: actor.id, action: 'attendance.room_people_entered', targetType: 'meeting', targetId: meetingId, data: { endpointId, people: people.length }, ip }, tx);
    });
    return { endpointId, name: room.name, people, enteredAt: at.toISOString(), mayEdit: true };
  }

  // ------------------------------------------------------------------ attendance confirmed and signed (R4.3, M9.3)

  /**
   * The secretary (or an organiser, or the operator) confirms the attendance once the meeting has ended: the record
   * becomes a Decree 30 PDF to sign, first by them, then by the chair.
   */
  async confirm(actor: Actor, meetingId: string, ip = ''): Promise<ConfirmAttendanceResponse> {
    const meeting = await this.meetings.getForRecords(actor, meetingId);
    if (!['secretary', 'organiser', 'operator'].includes(actor.role)) throw new AppError('forbidden');
    if (meeting.status !== 'ended') throw new AppError('attendance_not_ended');
    const events = await this.repo.events(meeting.id);
    const userIds = [...new Set(events.flatMap((e) => (e.userId ? [e.userId] : [])))];
    const endpointIds = [...new Set(events.flatMap((e) => (e.type === 'joined' && typeof e.data.endpointId === 'string' && uuid.test(e.data.endpointId) ? [e.data.endpointId] : [])))];
    const [people, endpoints, invitees, replies, rooms, hostUnit, chair, confirmer] = await Promise.all([
      this.repo.people(userIds),
      this.repo.endpointNames(endpointIds),
      this.records.invitees(meeting.id),
      this.records.personReplies(meeting.id),
      this.records.rooms(meeting.id),
      this.records.hostUnit(meeting.hostUnitId),
      this.records.person(meeting.chairId),
      this.records.person(actor.id),
    ]);
    const now = new Date();
    const lines = computeAttendance({ events, people: new Map(people.map((p) => [p.id, p])), endpoints, endedAt: meeting.endedAt, now });
    const pdf = await renderAdminDocument(
      attendanceRecordDocument({
        meeting,
        hostUnit,
        place: placeOf(hostUnit.parentName ?? hostUnit.name),
        issuedAt: now,
        chair: chair!,
        confirmer: { ...confirmer!, role: actor.role },
        invitees,
        replies,
        lines,
        rooms,
      }),
    );
    const signerIds = actor.id === meeting.chairId ? [actor.id] : [actor.id, meeting.chairId];
    return this.db.transaction(async (tx) => {
      const { id } = await this.signatures.createSignable(tx, { kind: 'attendance', subjectId: meeting.id, title: `Xác nhận tham dự: ${meeting.title}`, pdf, signerIds, createdBy: actor.id });
      await this.audit.record({ actorId: actor.id, action: 'attendance.confirmed', targetType: 'meeting', targetId: meeting.id, data: { signableId: id, invitees: invitees.length, present: lines.length, rooms: rooms.length }, ip }, tx);
      return { signableId: id };
    });
  }

  async view(actor: Actor, meetingId: string): Promise<AttendanceView> {
    const meeting = await this.meetings.getForRecords(actor, meetingId);
    const events = await this.repo.events(meeting.id);
    const userIds = [...new Set(events.flatMap((e) => (e.userId ? [e.userId] : [])))];
    const endpointIds = [...new Set(events.flatMap((e) => (e.type === 'joined' && typeof e.data.endpointId === 'string' && uuid.test(e.data.endpointId) ? [e.data.endpointId] : [])))];
    const [people, endpoints, hostUnit] = await Promise.all([this.repo.people(userIds), this.repo.endpointNames(endpointIds), this.repo.unitName(meeting.hostUnitId)]);
    const now = new Date();
    const lines = computeAttendance({ events, people: new Map(people.map((p) => [p.id, p])), endpoints, endedAt: meeting.endedAt, now });
    return {
      meeting: {
        id: meeting.id,
        title: meeting.title,
        startsAt: meeting.startsAt.toISOString(),
        endsAt: meeting.endsAt.toISOString(),
        endedAt: meeting.endedAt?.toISOString() ?? null,
        hostUnit,
      },
      lines: lines.map((l) => ({ ...l, firstJoin: l.firstJoin.toISOString(), lastLeave: l.lastLeave?.toISOString() ?? null })),
      generatedAt: now.toISOString(),
    };
  }

  /** The list as a file to download; recorded in the audit trail. */
  async export(actor: Actor, meetingId: string, format: 'csv' | 'xlsx', ip = ''): Promise<AttendanceFile> {
    const view = await this.view(actor, meetingId);
    await this.audit.record({ actorId: actor.id, action: 'attendance.exported', targetType: 'meeting', targetId: meetingId, data: { format, lines: view.lines.length }, ip });
    const day = view.meeting.startsAt.slice(0, 10);
    const filename = `diem-danh-${day}-${meetingId.slice(0, 8)}.${format}`;
    if (format === 'csv') return { filename, contentType: 'text/csv; charset=utf-8', body: attendanceCsv(view) };
    return { filename, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await attendanceXlsx(view) };
  }
}
