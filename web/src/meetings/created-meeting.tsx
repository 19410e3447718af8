/**
 * What follows a booking, shown once on the meeting's manage page the form leads to: the link, the warnings the
 * booking came back with, the office's approval (D21.1), and the next steps — documents, invitations (D7.3: 3
 * working days ahead), replies, the technical check.
 */
import type { CreateMeetingResponse } from '../../../shared/api';
import { CopyButton } from '../components/copy-button';
import { t } from '../i18n';
import { Link } from '../router';
import { BookingWarnings } from './booking-warnings';

/** Handed from the form to the page it navigates to (client-side navigation keeps the module). */
let justCreated: CreateMeetingResponse | null = null;

export function rememberCreated(created: CreateMeetingResponse): void {
  justCreated = created;
}

/** The booking just made, if it is this meeting's; taken once. */
export function takeCreated(meetingId: string): CreateMeetingResponse | null {
  const created = justCreated?.meeting.id === meetingId ? justCreated : null;
  justCreated = null;
  return created;
}

export function CreatedMeetingSteps({ created: { meeting, warnings } }: { created: CreateMeetingResponse }) {
  const link = `${location.origin}/${meeting.slug}`;
  const pending = meeting.approval.status === 'pending';
  return (
    <section className="card notice next-steps" role="status" data-testid="meeting-created">
      <h2>{t('meetingNew.created', { title: meeting.title })}</h2>
      <p className="link-line">
        <Link to={`/${meeting.slug}`} data-testid="meeting-link">
          {link}
        </Link>{' '}
        <CopyButton text={link} />
      </p>
      <BookingWarnings warnings={warnings} />
      <h3>{t('nextSteps.title')}</h3>
      <ol className="steps">
        <li data-testid="next-step-approval" data-state={pending ? 'waiting' : 'done'}>
          {pending ? (
            <span data-testid="meeting-created-pending">{t('nextSteps.approvalPending')}</span>
          ) : (
            <span>{t('nextSteps.approvalDone')}</span>
          )}
        </li>
        <li data-testid="next-step-documents">
          <a href="#documents">{t('nextSteps.documents')}</a>
        </li>
        <li data-testid="next-step-invitations">
          <a href="#invitations">{t('nextSteps.invitations')}</a>
          <span className="small muted"> — {t('nextSteps.invitationsHint')}</span>
        </li>
        <li data-testid="next-step-replies">
          <Link to={`/meetings/${meeting.id}/replies`}>{t('nextSteps.replies')}</Link>
        </li>
        <li data-testid="next-step-readiness">
          <Link to={`/meetings/${meeting.id}/readiness`}>{t('nextSteps.readiness')}</Link>
        </li>
      </ol>
      <p className="small">
        <Link to="/admin/meetings/new" data-testid="meeting-new-another">
          {t('meetingNew.another')}
        </Link>
      </p>
    </section>
  );
}
