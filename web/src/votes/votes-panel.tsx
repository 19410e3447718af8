/**
 * Votes in the meeting room: the chair opens one (passing the minutes, or a council's decision; open or secret ballot;
 * every delegate or chosen members; a closing time) and watches the turnout; each voter votes once; at the close
 * everyone sees the result. The room's `records_changed` notice makes the panel fetch them again.
 */
import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_VOTE_CHOICES, type VoteView } from '../../../shared/api';
import type { ParticipantView } from '../../../shared/protocol';
import { request } from '../api';
import { formatDateTime } from '../format';
import { t } from '../i18n';

export function VotesPanel({ meetingId, changes, isChair, roster }: { meetingId: string; changes: number; isChair: boolean; roster: readonly ParticipantView[] }) {
  const [votes, setVotes] = useState<VoteView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    request<{ votes: VoteView[] }>('GET', `/api/meetings/${meetingId}/votes`)
      .then((r) => setVotes(r.votes))
      .catch((e: Error) => setError(e.message));
  }, [meetingId]);
  useEffect(load, [load, changes]);
  // a vote closes by itself at its closing time: look again then
  useEffect(() => {
    const next = votes?.filter((v) => !v.closedAt).map((v) => new Date(v.closesAt).getTime() - Date.now());
    if (!next?.length) return;
    const timer = setTimeout(load, Math.max(500, Math.min(...next) + 500));
    return () => clearTimeout(timer);
  }, [votes, load]);
  const act = (p: Promise<unknown>) => p.then(() => (setError(null), load())).catch((e: Error) => setError(e.message));
  return (
    <div className="votes-panel" data-testid="votes-panel">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {isChair && <OpenVoteForm roster={roster} onOpen={(body) => act(request('POST', `/api/meetings/${meetingId}/votes`, body))} />}
      {votes?.length === 0 && <p className="muted">{t('votes.none')}</p>}
      {votes
        ?.slice()
        .reverse()
        .map((v) => (
          <section key={v.id} className="vote" data-testid="vote" data-vote-id={v.id} data-closed={v.closedAt ? 'true' : 'false'}>
            <h4>{v.question}</h4>
            <p className="muted">
              {v.secret ? t('votes.secretBallot') : t('votes.openBallot')} · {v.closedAt ? t('votes.closedAt', { time: formatDateTime(v.closedAt) }) : t('votes.closesAt', { time: formatDateTime(v.closesAt) })}
            </p>
            {v.turnout && <p data-testid="vote-turnout">{t('votes.turnout', { voted: v.turnout.voted, electorate: v.turnout.electorate })}</p>}
            {v.you.as?.kind === 'room' && !v.closedAt && <p>{t('votes.forRoom', { room: v.you.as.name })}</p>}
            {v.you.mayVote && (
              <div className="vote-choices">
                {v.choices.map((c, i) => (
                  <button key={c} type="button" onClick={() => act(request('POST', `/api/meetings/${meetingId}/votes/${v.id}/ballots`, { choice: i }))} data-testid="vote-choice" data-choice={i}>
                    {c}
                  </button>
                ))}
              </div>
            )}
            {v.you.hasVoted && <p data-testid="vote-cast">{t('votes.youVoted')}</p>}
            {v.result && (
              <ul data-testid="vote-result">
                {v.choices.map((c, i) => (
                  <li key={c}>
                    {c}: {v.result!.counts[i] ?? 0}
                  </li>
                ))}
                {v.result.ballots?.map((b) => (
                  <li key={b.voter} className="muted">
                    {b.voter}: {v.choices[b.choice]}
                  </li>
                ))}
              </ul>
            )}
            {v.canClose && (
              <button type="button" onClick={() => act(request('POST', `/api/meetings/${meetingId}/votes/${v.id}/close`))} data-testid="vote-close">
                {t('votes.close')}
              </button>
            )}
          </section>
        ))}
    </div>
  );
}

function OpenVoteForm({ roster, onOpen }: { roster: readonly ParticipantView[]; onOpen: (body: unknown) => void }) {
  const [subject, setSubject] = useState<'minutes' | 'decision'>('minutes');
  const [question, setQuestion] = useState(t('votes.subjectMinutes'));
  const [choices, setChoices] = useState<string>(DEFAULT_VOTE_CHOICES.join('\n'));
  const [secret, setSecret] = useState(true);
  const [electorate, setElectorate] = useState<'delegates' | 'members'>('delegates');
  const [members, setMembers] = useState<string[]>([]);
  const [roomsByTechnician, setRoomsByTechnician] = useState(false);
  const [minutes, setMinutes] = useState(5);
  return (
    <form
      className="vote-open"
      onSubmit={(e) => {
        e.preventDefault();
        onOpen({
          subject,
          question,
          choices: choices.split('\n').map((c) => c.trim()).filter(Boolean),
          secret,
          electorate,
          memberIds: electorate === 'members' ? members : [],
          roomsByTechnician,
          closesAt: new Date(Date.now() + minutes * 60_000).toISOString(),
        });
      }}
    >
      <select
        value={subject}
        onChange={(e) => {
          const s = e.target.value as 'minutes' | 'decision';
          setSubject(s);
          setQuestion(s === 'minutes' ? t('votes.subjectMinutes') : '');
        }}
        data-testid="vote-subject"
      >
        <option value="minutes">{t('votes.subjectMinutes')}</option>
        <option value="decision">{t('votes.subjectDecision')}</option>
      </select>
      <label>
        {t('votes.question')}
        <input value={question} onChange={(e) => setQuestion(e.target.value)} maxLength={1000} required data-testid="vote-question" />
      </label>
      <label>
        {t('votes.choices')}
        <textarea value={choices} onChange={(e) => setChoices(e.target.value)} rows={3} />
      </label>
      <label>
        <input type="checkbox" checked={secret} onChange={(e) => setSecret(e.target.checked)} data-testid="vote-secret" /> {t('votes.secret')}
      </label>
      <label>
        {t('votes.electorate')}{' '}
        <select value={electorate} onChange={(e) => setElectorate(e.target.value as 'delegates' | 'members')}>
          <option value="delegates">{t('votes.delegates')}</option>
          <option value="members">{t('votes.members')}</option>
        </select>
      </label>
      {electorate === 'members' &&
        roster
          .filter((p) => p.endpoint === null)
          .map((p) => (
            <label key={p.id}>
              <input type="checkbox" checked={members.includes(p.userId)} onChange={(e) => setMembers(e.target.checked ? [...members, p.userId] : members.filter((m) => m !== p.userId))} /> {p.name}
            </label>
          ))}
      <label>
        <input type="checkbox" checked={roomsByTechnician} onChange={(e) => setRoomsByTechnician(e.target.checked)} /> {t('votes.roomsByTechnician')}
      </label>
      <label>
        {t('votes.minutesOpen')} <input type="number" min={1} max={1440} value={minutes} onChange={(e) => setMinutes(Number(e.target.value) || 1)} data-testid="vote-minutes" />
      </label>
      <button type="submit" data-testid="vote-open">
        {t('votes.open')}
      </button>
    </form>
  );
}
