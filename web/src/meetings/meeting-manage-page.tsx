/**
 * `/meetings/:id/manage` — leak response for one meeting (R6.4), for those who may manage it (`canManage`: the
 * operator, the host unit's organisers): revoke the link and password (the new ones are shown once), and the list
 * of everyone who entered the meeting room.
 */
import { useState } from 'react';
import type { MeetingEntryView, MeetingView, RecordOpeningView, RevokeAccessResponse } from '../../../shared/api';
import { meetingAccessApi } from './api-meeting-access';
import { CopyButton } from '../components/copy-button';
import { DocumentsPanel } from '../documents/documents-panel';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { InvitationPanel } from '../invitations/invitation-panel';
import { InvitedUnits } from '../attendees/invited-units';
import { MeetingFacts } from './meeting-facts';
import { CreatedMeetingSteps, takeCreated } from './created-meeting';
import { ApprovalPanel, CancelMeeting, EditMeeting, OpenEarlyPanel } from './meeting-manage-panels';
import { formatDateTimeSeconds } from '../format';
import { t } from '../i18n';
import { Link } from '../router';
import { useLoad } from '../use-load';

export function MeetingManagePage({ id }: { id: string }) {
  const { data: loaded, error } = useLoad(() => meetingAccessApi.get(id), id);
  // after a revocation the page shows the meeting with its new link address
  const [current, setCurrent] = useState<MeetingView | null>(null);
  const meeting = current ?? loaded;
  // arrived from the booking form: what comes next
  const [created] = useState(() => takeCreated(id));

  return (
    <main className="page">
      <p>
        <Link to="/">{t('manage.back')}</Link>
      </p>
      <h1>{t('manage.title')}</h1>
      <ErrorMessage error={error} />
      {!meeting && !error && <p className="muted">{t('common.loading')}</p>}
      {meeting && !meeting.canManage && <ErrorMessage error="forbidden" />}
      {created && <CreatedMeetingSteps created={created} />}
      {meeting?.canManage && (
        <>
          <MeetingHeading meeting={meeting} />
          <ApprovalPanel meeting={meeting} onChanged={setCurrent} />
          <OpenEarlyPanel meeting={meeting} onChanged={setCurrent} />
          <EditMeeting meeting={meeting} onChanged={setCurrent} />
          <InvitedUnits meeting={meeting} />
          <div id="documents">
            <DocumentsPanel meeting={meeting} manage />
          </div>
          <div id="invitations">
            <InvitationPanel meeting={meeting} />
          </div>
          <RevokeAccess meeting={meeting} onRevoked={(result) => setCurrent(result.meeting)} />
          <Entries meetingId={meeting.id} />
          <RecordOpenings meetingId={meeting.id} />
          <CancelMeeting meeting={meeting} onChanged={setCurrent} />
        </>
      )}
    </main>
  );
}

function MeetingHeading({ meeting }: { meeting: MeetingView }) {
  return (
    <MeetingFacts meeting={meeting} testId="manage-summary">
      <dt>{t('manage.link')}</dt>
      <dd>
        <Link to={`/${meeting.slug}`} data-testid="manage-current-link">
          /{meeting.slug}
        </Link>
      </dd>
      <dt>{t('replies.link')}</dt>
      <dd>
        <Link to={`/meetings/${meeting.id}/replies`} data-testid="manage-replies-link">
          {t('replies.title')}
        </Link>
      </dd>
      <dt>{t('readiness.link')}</dt>
      <dd>
        <Link to={`/meetings/${meeting.id}/readiness`} data-testid="manage-readiness-link">
          {t('readiness.title')}
        </Link>
      </dd>
      <dt>{t('conclusions.link')}</dt>
      <dd>
        <Link to={`/meetings/${meeting.id}/conclusions`} data-testid="manage-conclusions-link">
          {t('conclusions.title')}
        </Link>
      </dd>
    </MeetingFacts>
  );
}

function RevokeAccess({ meeting, onRevoked }: { meeting: MeetingView; onRevoked(result: RevokeAccessResponse): void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [revoked, setRevoked] = useState<RevokeAccessResponse | null>(null);

  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await meetingAccessApi.revoke(meeting.id);
      setRevoked(result);
      setConfirming(false);
      onRevoked(result);
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  const newLink = revoked ? `${location.origin}/${revoked.meeting.slug}` : '';
  return (
    <section className="card" data-testid="revoke-access">
      <h2>{t('manage.revokeTitle')}</h2>
      <p className="small">{t('manage.revokeIntro')}</p>
      {revoked && (
        <div className="notice" role="status" data-testid="revoke-result">
          <p className="strong">{t('manage.revoked')}</p>
          <p>
            {t('manage.newLink')}:{' '}
            <Link to={`/${revoked.meeting.slug}`} data-testid="revoke-new-link">
              {newLink}
            </Link>{' '}
            <CopyButton text={newLink} />
          </p>
          <p>
            {t('manage.newPassword')}: <code data-testid="revoke-new-password">{revoked.password}</code> <CopyButton text={revoked.password} />
          </p>
          <p className="small">{t('manage.newPasswordNote')}</p>
        </div>
      )}
      <ErrorMessage error={error} />
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-labelledby="revoke-confirm-text" data-testid="revoke-confirm">
          <p id="revoke-confirm-text">{t('manage.revokeConfirm')}</p>
          <div className="actions">
            <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(false)} data-testid="revoke-cancel">
              {t('common.cancel')}
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => void revoke()} data-testid="revoke-confirm-button">
              {busy ? t('manage.revoking') : t('manage.revokeConfirmButton')}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="revoke-button">
            {t('manage.revoke')}
          </button>
        </div>
      )}
    </section>
  );
}

function Entries({ meetingId }: { meetingId: string }) {
  const { data: entries, error, reload } = useLoad(() => meetingAccessApi.entries(meetingId), meetingId);
  const people = new Set((entries ?? []).map((e) => e.person?.id ?? e.email)).size;
  return (
    <section className="card" data-testid="meeting-entries">
      <h2>{t('manage.entriesTitle')}</h2>
      <p className="small muted">{t('manage.entriesIntro')}</p>
      <ErrorMessage error={error} />
      {!entries && !error && <p className="muted">{t('common.loading')}</p>}
      {entries && entries.length === 0 && <p className="muted" data-testid="entries-empty">{t('manage.entriesEmpty')}</p>}
      {entries && entries.length > 0 && (
        <>
          <p className="small" data-testid="entries-count">
            {t('manage.entriesCount', { count: entries.length, people })}
          </p>
          <EntriesTable entries={entries} />
        </>
      )}
      <div className="actions">
        <button type="button" className="secondary small" onClick={reload} data-testid="entries-reload">
          {t('manage.refresh')}
        </button>
      </div>
    </section>
  );
}

function EntriesTable({ entries }: { entries: MeetingEntryView[] }) {
  return (
    <table className="list" data-testid="entries-list">
      <thead>
        <tr>
          <th>{t('manage.colTime')}</th>
          <th>{t('manage.colPerson')}</th>
          <th>{t('manage.colUnit')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry, i) => (
          <tr key={`${entry.at}-${i}`} data-testid="entry-item" data-user-id={entry.person?.id ?? ''}>
            <td data-label={t('manage.colTime')} className="nowrap">
              {formatDateTimeSeconds(entry.at)}
            </td>
            <td data-label={t('manage.colPerson')}>
              {entry.person ? (
                <>
                  {entry.person.title && <span className="muted">{entry.person.title} </span>}
                  <span className="strong">{entry.person.name}</span>
                  {entry.email && <div className="small muted">{entry.email}</div>}
                </>
              ) : (
                <span className="muted">{t('manage.unknownPerson')}</span>
              )}
            </td>
            <td data-label={t('manage.colUnit')}>{entry.person?.unit ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Who opened the meeting's recordings or documents (R6.4): every opening is an audit entry; newest first. */
function RecordOpenings({ meetingId }: { meetingId: string }) {
  const { data, error, reload } = useLoad(() => meetingAccessApi.access(meetingId), `${meetingId}:opened`);
  const opened: RecordOpeningView[] | undefined = data?.opened;
  return (
    <section className="card" data-testid="recording-openings">
      <h2>{t('manage.openedTitle')}</h2>
      <ErrorMessage error={error} />
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {opened && opened.length === 0 && (
        <p className="muted" data-testid="openings-empty">
          {t('manage.openedEmpty')}
        </p>
      )}
      {opened && opened.length > 0 && (
        <table className="list" data-testid="openings-list">
          <thead>
            <tr>
              <th>{t('manage.colOpenedAt')}</th>
              <th>{t('manage.colPerson')}</th>
              <th>{t('manage.colOpenedItem')}</th>
            </tr>
          </thead>
          <tbody>
            {opened.map((o, i) => (
              <tr key={`${o.at}-${i}`} data-testid="opening-item" data-user-id={o.person?.id ?? ''}>
                <td data-label={t('manage.colOpenedAt')} className="nowrap">
                  {formatDateTimeSeconds(o.at)}
                </td>
                <td data-label={t('manage.colPerson')}>
                  {o.person ? (
                    <>
                      <span className="strong">{o.person.name}</span>
                      <div className="small muted">
                        {o.person.unit}
                        {o.email && ` · ${o.email}`}
                        {o.ip && ` · ${o.ip}`}
                      </div>
                    </>
                  ) : (
                    <span className="muted">{t('manage.unknownPerson')}</span>
                  )}
                </td>
                <td data-label={t('manage.colOpenedItem')} data-kind={o.kind}>
                  <span className="small muted">{t(`manage.openedKind.${o.kind}`)}</span> {o.label}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        <button type="button" className="secondary small" onClick={reload} data-testid="openings-reload">
          {t('manage.refresh')}
        </button>
      </div>
    </section>
  );
}
