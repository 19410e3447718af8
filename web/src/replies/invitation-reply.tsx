/**
 * The answer to an invitation on the meeting's page (R2.5, D8.3): attend, decline with a reason, or send a
 * substitute (a person and a reason) whom the chair approves. One card per invitee the viewer answers for (themself,
 * or a unit whose organiser they are); nothing for those who answer for nobody. Managers and the chair get a link
 * to the compiled list as well. The same cards head the reply page the invitation links to.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { MeetingView, PersonRef, RepliesResponse, ReplyAnswer, ReplyView } from '../../../shared/api';
import { ApiError } from '../api';
import { repliesApi } from './api-replies';
import { formatDateTime, matchesSearch } from '../format';
import { t, type MessageKey } from '../i18n';
import { nameWithTitle } from '../organisation/organisation-format';
import { Link } from '../router';
import { useLoad } from '../use-load';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { PersonSelect } from '../meetings/participant-pickers';

export function InvitationReply({ meeting }: { meeting: Pick<MeetingView, 'id'> }) {
  const { data, error, reload } = useLoad(() => repliesApi.list(meeting.id), meeting.id);
  // answering for nobody here is not an error worth showing on the meeting's page
  if (error instanceof ApiError && (error.id === 'forbidden' || error.id === 'meeting_not_invited')) return null;
  if (error) return <ErrorMessage error={error} />;
  if (!data) return null;
  return (
    <>
      {(data.canRemind || data.canDecide) && (
        <p className="small">
          <Link to={`/meetings/${meeting.id}/replies`} data-testid="replies-page-link">
            {t('replies.title')}
          </Link>
        </p>
      )}
      <ReplyCards meetingId={meeting.id} data={data} onSaved={reload} />
    </>
  );
}

/**
 * One answer card per invitee the viewer answers for (themself, or a unit whose organiser they are), on the
 * meeting's page and on the reply page the invitation's link opens (`/meetings/:id/replies`).
 */
export function ReplyCards({ meetingId, data, onSaved }: { meetingId: string; data: RepliesResponse; onSaved(): void }) {
  return (
    <>
      {data.replies
        .filter((r) => r.mayAnswer)
        .map((reply) => (
          <div key={`${reply.kind}:${reply.inviteeId}`}>
            <ReplyCard meetingId={meetingId} reply={reply} closed={data.closed} onSaved={onSaved} />
            {/* the unit's office names who attends for it (R2.1, R2.5) */}
            {reply.kind === 'unit' && (
              <p className="small">
                <Link to={`/meetings/${meetingId}/units/${reply.inviteeId}/attendees`} data-testid="unit-attendees-link" data-unit-id={reply.inviteeId}>
                  {t('attendees.link')}: {reply.name}
                </Link>
              </p>
            )}
          </div>
        ))}
    </>
  );
}

const answerKey = (answer: ReplyAnswer | null): MessageKey => (answer ? `replies.answer.${answer}` : 'replies.answer.none') as MessageKey;

/** The current answer in words, with the substitute's status. */
export function ReplyStatus({ reply }: { reply: ReplyView }) {
  return (
    <span data-testid="reply-status" data-answer={reply.answer ?? 'none'} data-substitute-status={reply.substitute?.status ?? ''}>
      <span className={`answer answer-${reply.answer ?? 'none'}`}>{t(answerKey(reply.answer))}</span>
      {reply.substitute && (
        <span>
          {' '}
          — {nameWithTitle(reply.substitute.person)}{' '}
          <span className={`badge substitute-${reply.substitute.status}`}>{t(`replies.substitute.${reply.substitute.status}` as MessageKey)}</span>
        </span>
      )}
    </span>
  );
}

type Mode = 'none' | 'declined' | 'substitute';

function ReplyCard({ meetingId, reply, closed, onSaved }: { meetingId: string; reply: ReplyView; closed: boolean; onSaved(): void }) {
  const [mode, setMode] = useState<Mode>('none');
  const [reason, setReason] = useState('');
  const [substituteId, setSubstituteId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const send = async (answer: ReplyAnswer) => {
    setBusy(true);
    setError(null);
    try {
      await repliesApi.answer(meetingId, reply.kind, reply.inviteeId, { answer, reason: answer === 'attending' ? '' : reason, ...(answer === 'substitute' ? { substituteId } : {}) });
      setMode('none');
      setReason('');
      onSaved();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < 3 || trimmed.length > 500) return setError('reply_reason_required');
    if (mode === 'substitute' && !substituteId) return setError('replies.chooseSubstitute');
    void send(mode === 'substitute' ? 'substitute' : 'declined');
  };

  const open = (next: Mode) => {
    setError(null);
    setMode(next);
  };

  return (
    <section className="card invitation-reply" data-testid="invitation-reply" data-kind={reply.kind} data-invitee-id={reply.inviteeId}>
      <h2>{reply.kind === 'unit' ? t('replies.replyForUnit', { unit: reply.name }) : t('replies.replyTitle')}</h2>
      <p>
        {t('replies.current')} <ReplyStatus reply={reply} />
      </p>
      {reply.reason && (
        <p className="small muted">
          {t('replies.reason')}: {reply.reason}
        </p>
      )}
      {reply.repliedAt && reply.repliedBy && (
        <p className="small muted">{t('replies.repliedAtBy', { at: formatDateTime(reply.repliedAt), name: reply.repliedBy.name })}</p>
      )}
      {closed ? (
        <p className="small muted" data-testid="reply-closed">
          {t('reply_closed')}
        </p>
      ) : (
        <>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void send('attending')} data-testid="reply-attending">
              {t('replies.attend')}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => open('declined')} data-testid="reply-decline">
              {t('replies.decline')}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => open('substitute')} data-testid="reply-substitute">
              {t('replies.sendSubstitute')}
            </button>
          </div>
          {mode !== 'none' && (
            <form onSubmit={submit} noValidate>
              {mode === 'substitute' && <SubstitutePicker meetingId={meetingId} value={substituteId} onChange={setSubstituteId} />}
              <label>
                {mode === 'substitute' ? t('replies.substituteReason') : t('replies.declineReason')}
                <textarea rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reply-reason" />
              </label>
              <div className="actions">
                <button type="button" className="secondary" disabled={busy} onClick={() => open('none')}>
                  {t('common.cancel')}
                </button>
                <button type="submit" disabled={busy} data-testid="reply-submit">
                  {mode === 'substitute' ? t('replies.submitSubstitute') : t('replies.submitDecline')}
                </button>
              </div>
            </form>
          )}
        </>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

/** A person of the organisation not already invited (the server checks again), found by name, title or unit. */
function SubstitutePicker({ meetingId, value, onChange }: { meetingId: string; value: string; onChange(id: string): void }) {
  const { data: people, error } = useLoad(() => repliesApi.substituteCandidates(meetingId), `candidates:${meetingId}`);
  const [search, setSearch] = useState('');
  const shown = useMemo<PersonRef[]>(
    () => (people ?? []).filter((p) => p.id === value || search === '' || matchesSearch(`${p.title} ${p.name} ${p.unit}`, search)),
    [people, search, value],
  );
  return (
    <>
      <ErrorMessage error={error} />
      <label>
        {t('replies.substitute')}
        <input
          type="search"
          placeholder={t('replies.searchPeople')}
          aria-label={t('replies.searchPeople')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="reply-substitute-search"
        />
        <PersonSelect people={shown} value={value} onChange={onChange} placeholder={t('replies.chooseSubstitute')} testId="reply-substitute-person" />
      </label>
    </>
  );
}
