/**
 * A meeting's title, type, time, chair, status and the office's approval, with its details (agenda, backdrop,
 * check time; R2.1, D19.3): the card the management and records pages open with.
 */
import type { ReactNode } from 'react';
import type { MeetingView } from '../../../shared/api';
import { formatDateTime, formatTimeRange } from '../format';
import { t } from '../i18n';

export function MeetingFacts({ meeting, testId, children }: { meeting: MeetingView; testId: string; children?: ReactNode }) {
  return (
    <section className="card meeting-summary" data-testid={testId}>
      <h2>{meeting.title}</h2>
      <dl>
        <dt>{t('meetingDetails.type')}</dt>
        <dd data-testid="facts-type" data-type={meeting.type}>
          {meetingTypeLabel(meeting)}
        </dd>
        <dt>{t('meeting.time')}</dt>
        <dd>{formatTimeRange(meeting.startsAt, meeting.endsAt)}</dd>
        {meeting.checkAt && (
          <>
            <dt>{t('meetingDetails.checkAt')}</dt>
            <dd data-testid="facts-check-at">{formatDateTime(meeting.checkAt)}</dd>
          </>
        )}
        <dt>{t('meeting.chair')}</dt>
        <dd>{meeting.chair.name}</dd>
        <dt>{t('meeting.status')}</dt>
        <dd>
          <span className={`status status-${meeting.status}`}>{t(`status.${meeting.status}`)}</span>
          {meeting.emergency && <span className="small muted"> · {t('meetingDetails.emergency')}</span>}
          {meeting.needsMinutes && <span className="small muted"> · {t('meetingDetails.council')}</span>}
        </dd>
        <dt>{t('approval.label')}</dt>
        <dd>
          <ApprovalBadge meeting={meeting} />
          {meeting.approval.by && meeting.approval.at && (
            <span className="small muted"> · {t('approval.by', { name: meeting.approval.by.name, at: formatDateTime(meeting.approval.at) })}</span>
          )}
          {meeting.approval.status === 'rejected' && (
            <div className="small" data-testid="facts-rejected-reason">
              {t('approval.rejectedReason', { reason: meeting.approval.reason })}
            </div>
          )}
        </dd>
        {meeting.status === 'cancelled' && (
          <>
            <dt>{t('status.cancelled')}</dt>
            <dd data-testid="facts-cancelled">{t('cancel.cancelled', { at: meeting.cancelledAt ? formatDateTime(meeting.cancelledAt) : '', reason: meeting.cancelReason })}</dd>
          </>
        )}
        {meeting.restricted && (
          <>
            <dt>{t('meetingDetails.restricted')}</dt>
            <dd data-testid="facts-restricted">
              {t(meeting.requireSecondFactor ? 'meetingDetails.restrictedWith2fa' : 'meetingDetails.restrictedShort')}
              {meeting.allowedNetworks.length > 0 && <div className="small muted">{meeting.allowedNetworks.join(', ')}</div>}
            </dd>
          </>
        )}
        {meeting.units.length > 0 && (
          <>
            <dt>{t('meetingDetails.units')}</dt>
            <dd data-testid="facts-units">{meeting.units.map((u) => u.name).join('; ')}</dd>
          </>
        )}
        {meeting.backdropText && (
          <>
            <dt>{t('meetingDetails.backdrop')}</dt>
            <dd data-testid="facts-backdrop">{meeting.backdropText}</dd>
          </>
        )}
        {children}
      </dl>
      <MeetingAgenda meeting={meeting} />
    </section>
  );
}

export const meetingTypeLabel = (m: Pick<MeetingView, 'type' | 'typeNote'>) =>
  m.type === 'other' && m.typeNote ? `${t('meetingType.other')}: ${m.typeNote}` : t(`meetingType.${m.type}`);

/** The office's decision (D21.1) as a badge. */
export function ApprovalBadge({ meeting }: { meeting: Pick<MeetingView, 'approval'> }) {
  const status = meeting.approval.status;
  return (
    <span className={`status approval-${status}`} data-testid="approval-badge" data-approval={status}>
      {t(`approval.${status}`)}
    </span>
  );
}

/** The agenda in order, with presenter and minutes (R2.1). */
export function MeetingAgenda({ meeting }: { meeting: Pick<MeetingView, 'agenda'> }) {
  if (meeting.agenda.length === 0) return null;
  return (
    <>
      <h3>{t('meetingDetails.agenda')}</h3>
      <ol className="agenda" data-testid="meeting-agenda">
        {meeting.agenda.map((a) => {
          const presenter = a.presenter ? [a.presenter.title, a.presenter.name].filter(Boolean).join(' ') : '';
          const who = [presenter, a.presenterName].filter(Boolean).join(' — ');
          return (
            <li key={a.id} data-testid="agenda-item">
              <span className="strong">{a.title}</span>
              {who && <span> — {who}</span>}
              <span className="muted small"> ({t('meetingDetails.agendaMinutesShort', { minutes: a.minutes })})</span>
            </li>
          );
        })}
      </ol>
    </>
  );
}
