/**
 * Attendance of a meeting (R4.3: participation confirmed, the basis for paying allowances), computed from the
 * meeting log on every request — never stored, so it always agrees with the log. For those who may see the
 * meeting's records (`canSeeRecords`); every download of the list is an audit entry (R1.5: exports).
 */
import type { AttendanceView } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { MeetingService } from '../meetings/meeting.service';
import type { Actor } from '../organisation/organisation.policy';
import { computeAttendance } from './attendance';
import { attendanceCsv, attendanceXlsx } from './attendance.export';
import type { AttendanceRepository } from './attendance.repository';

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
  ) {}

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
