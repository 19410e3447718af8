/**
 * `/meetings/:id/replies` — the one address the invitation (mail, PDF, calendar entry) gives for answering (R2.5):
 * an invitee answers here (attend, decline with a reason, send a substitute), one click after signing in (the
 * sign-in brings them back to it). For the organiser (those who manage the meeting) and the chair it is also the
 * compiled list of replies (M8.1e): every invitee with their answer, reason and substitute, and a summary. It asks the server
 * again every 5 s, so answers appear as they come. Managers remind those who have not answered; the chair approves
 * or refuses proposed substitutes (D8.3).
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { RemindResponse, RepliesResponse, ReplyView } from '../../../shared/api';
import { meetingAccessApi } from '../meetings/api-meeting-access';
import { repliesApi } from './api-replies';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { ReplyCards, ReplyStatus } from './invitation-reply';
import { MeetingFacts } from '../meetings/meeting-facts';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { nameWithTitle } from '../organisation/organisation-format';
import { Link } from '../router';
import { useLoad } from '../use-load';

const REFRESH_MS = 5_000;

/** The replies, refreshed every `REFRESH_MS`; a failed refresh keeps the last list and shows the error. */
function useLiveReplies(meetingId: string) {
  const [data, setData] = useState<RepliesResponse | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const refresh = useCallback(() => {
    repliesApi.list(meetingId).then(
      (next) => {
        setData(next);
        setError(null);
      },
      (caught: unknown) => setError(toShownError(caught)),
    );
  }, [meetingId]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  return { data, error, refresh };
}

export function MeetingRepliesPage({ id }: { id: string }) {
  const { data: meeting } = useLoad(() => meetingAccessApi.get(id), id);
  const { data, error, refresh } = useLiveReplies(id);

  return (
    <main className="page">
      <p>
        <Link to="/">{t('manage.back')}</Link>
        {meeting?.canManage && (
          <>
            {' · '}
            <Link to={`/meetings/${id}/manage`}>{t('manage.title')}</Link>
          </>
        )}
      </p>
      {/* an invitee answers here; those who compile the replies see the whole list below */}
      <h1>{data && !data.canRemind && !data.canDecide ? t('replies.replyTitle') : t('replies.title')}</h1>
      {meeting && <MeetingFacts meeting={meeting} testId="replies-meeting" />}
      <ErrorMessage error={error} />
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data && <ReplyCards meetingId={id} data={data} onSaved={refresh} />}
      {data && (data.canRemind || data.canDecide) && (
        <>
          <Summary data={data}>{data.canRemind && !data.closed && <Remind meetingId={id} onDone={refresh} />}</Summary>
          <RepliesTable meetingId={id} data={data} onChanged={refresh} />
        </>
      )}
    </main>
  );
}

function Summary({ data: { summary, closed }, children }: { data: RepliesResponse; children?: ReactNode }) {
  return (
    <section
      className="card"
      data-testid="replies-summary"
      data-attending={summary.attending}
      data-declined={summary.declined}
      data-substitutes-proposed={summary.substitutesProposed}
      data-substitutes-approved={summary.substitutesApproved}
      data-not-answered={summary.notAnswered}
    >
      <p className="strong">{t('replies.summary', { ...summary })}</p>
      {closed && <p className="small muted">{t('reply_closed')}</p>}
      <p className="small muted">{t('replies.live')}</p>
      {children}
    </section>
  );
}

function Remind({ meetingId, onDone }: { meetingId: string; onDone(): void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RemindResponse | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const remind = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await repliesApi.remind(meetingId));
      onDone();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void remind()} data-testid="replies-remind">
          {t('replies.remind')}
        </button>
      </div>
      {result && (
        <p className="notice" role="status" data-testid="replies-reminded" data-count={result.reminded}>
          {t('replies.reminded', { count: result.reminded })}
        </p>
      )}
      {result && result.unreachable.length > 0 && (
        <p className="warning-text" role="alert" data-testid="replies-unreachable">
          {t('replies.unreachable', { names: result.unreachable.join('; ') })}
        </p>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}

function RepliesTable({ meetingId, data, onChanged }: { meetingId: string; data: RepliesResponse; onChanged(): void }) {
  if (data.replies.length === 0) return <p className="muted">{t('replies.empty')}</p>;
  return (
    <table className="list" data-testid="replies-list">
      <thead>
        <tr>
          <th>{t('replies.colInvitee')}</th>
          <th>{t('replies.colAnswer')}</th>
          <th>{t('replies.colReason')}</th>
          <th>{t('replies.colRepliedAt')}</th>
        </tr>
      </thead>
      <tbody>
        {data.replies.map((r) => (
          <tr
            key={`${r.kind}:${r.inviteeId}`}
            data-testid="replies-row"
            data-kind={r.kind}
            data-invitee-id={r.inviteeId}
            data-answer={r.answer ?? 'none'}
            data-substitute-status={r.substitute?.status ?? ''}
          >
            <td data-label={t('replies.colInvitee')}>
              {r.kind === 'unit' ? (
                <>
                  <span className="strong">{r.name}</span> <span className="badge">{t('replies.unit')}</span>
                </>
              ) : (
                nameWithTitle(r)
              )}
              {r.unit && <div className="small muted">{r.unit}</div>}
            </td>
            <td data-label={t('replies.colAnswer')}>
              <ReplyStatus reply={r} />
              {r.substitute?.status === 'proposed' && data.canDecide && !data.closed && <Decide meetingId={meetingId} reply={r} onDone={onChanged} />}
            </td>
            <td data-label={t('replies.colReason')} data-testid="replies-reason">
              {r.reason}
            </td>
            <td data-label={t('replies.colRepliedAt')} className="small">
              {r.repliedAt && (
                <>
                  <span className="nowrap">{formatDateTime(r.repliedAt)}</span>
                  {r.repliedBy && r.repliedBy.id !== r.inviteeId && <div className="muted">{t('replies.by', { name: r.repliedBy.name })}</div>}
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The chair's approval or refusal (with a reason, told to the proposer) of a proposed substitute (D8.3). */
function Decide({ meetingId, reply, onDone }: { meetingId: string; reply: ReplyView; onDone(): void }) {
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const decide = async (decision: 'approve' | 'refuse') => {
    if (decision === 'refuse' && (reason.trim().length < 3 || reason.trim().length > 500)) return setError('reply_reason_required');
    setBusy(true);
    setError(null);
    try {
      await repliesApi.decide(meetingId, reply.kind, reply.inviteeId, { decision, reason: decision === 'refuse' ? reason : '' });
      onDone();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="substitute-decision">
      <div className="actions" style={{ justifyContent: 'flex-start', marginTop: '0.5rem' }}>
        <button type="button" disabled={busy} onClick={() => void decide('approve')} data-testid="substitute-approve">
          {t('replies.approve')}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => setRefusing(true)} data-testid="substitute-refuse">
          {t('replies.refuse')}
        </button>
      </div>
      {refusing && (
        <div>
          <label>
            {t('replies.refuseReason')}
            <textarea rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="substitute-refuse-reason" />
          </label>
          <div className="actions">
            <button type="button" className="secondary" disabled={busy} onClick={() => setRefusing(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => void decide('refuse')} data-testid="substitute-refuse-confirm">
              {t('replies.refuseConfirm')}
            </button>
          </div>
        </div>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
