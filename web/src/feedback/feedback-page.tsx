/**
 * `/feedback` (R5.5): a unit's people send feedback or a request for improvement to the operator and follow its
 * state; the operator reads everyone's and answers (closing it when nothing more is to be done).
 */
import { useState, type FormEvent } from 'react';
import { feedbackKinds, type FeedbackKind, type FeedbackView } from '../../../shared/api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { useSession } from '../session';
import { useLoad } from '../use-load';
import { feedbackApi } from './api-feedback';

export function FeedbackPage() {
  const { user } = useSession();
  const [version, setVersion] = useState(0);
  const { data, error } = useLoad(() => feedbackApi.list(), `feedback-${version}`);
  const reload = () => setVersion((v) => v + 1);
  const isOperator = user?.role === 'operator';
  return (
    <main className="page">
      <h1>{t('feedback.title')}</h1>
      <p className="muted">{t(isOperator ? 'feedback.introOperator' : 'feedback.intro')}</p>
      {!isOperator && <SendForm onSent={reload} />}
      <ErrorMessage error={error} />
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data && data.length === 0 && <p className="muted">{t('feedback.none')}</p>}
      {data && data.length > 0 && (
        <ul className="feedback-list" data-testid="feedback-list">
          {data.map((f) => (
            <FeedbackItem key={f.id} item={f} canAnswer={isOperator} onAnswered={reload} />
          ))}
        </ul>
      )}
    </main>
  );
}

function SendForm({ onSent }: { onSent: () => void }) {
  const [kind, setKind] = useState<FeedbackKind>('feedback');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await feedbackApi.send({ kind, subject, body });
      setSubject('');
      setBody('');
      setSent(true);
      onSent();
    } catch (err) {
      setError(toShownError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} data-testid="feedback-form">
      <h2>{t('feedback.new')}</h2>
      <label>
        {t('feedback.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as FeedbackKind)} data-testid="feedback-kind">
          {feedbackKinds.map((k) => (
            <option key={k} value={k}>
              {t(`feedback.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('feedback.subject')}
        <input value={subject} onChange={(e) => setSubject(e.target.value)} required minLength={3} maxLength={200} data-testid="feedback-subject" />
      </label>
      <label>
        {t('feedback.body')}
        <textarea value={body} onChange={(e) => setBody(e.target.value)} required minLength={3} maxLength={5000} rows={5} data-testid="feedback-body" />
      </label>
      <ErrorMessage error={error} />
      {sent && (
        <p className="notice" role="status" data-testid="feedback-sent">
          {t('feedback.sent')}
        </p>
      )}
      <button type="submit" disabled={busy} data-testid="feedback-send">
        {t('feedback.send')}
      </button>
    </form>
  );
}

function FeedbackItem({ item, canAnswer, onAnswered }: { item: FeedbackView; canAnswer: boolean; onAnswered: () => void }) {
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<ShownError | null>(null);
  async function submit(close: boolean) {
    setError(null);
    try {
      await feedbackApi.answer(item.id, { answer, close });
      onAnswered();
    } catch (err) {
      setError(toShownError(err));
    }
  }
  return (
    <li className="card feedback-item" data-testid="feedback-item" data-status={item.status}>
      <h3>
        {item.subject} <span className={`badge feedback-${item.status}`}>{t(`feedback.status.${item.status}`)}</span>
      </h3>
      <p className="muted">
        {t(`feedback.kind.${item.kind}`)} · {item.unit.name} · {item.author.name} · {formatDateTime(item.createdAt)}
      </p>
      <p className="feedback-body">{item.body}</p>
      {item.answer && (
        <div className="feedback-answer" data-testid="feedback-answer">
          <strong>{t('feedback.answeredBy', { name: item.answer.by, at: formatDateTime(item.answer.at) })}</strong>
          <p>{item.answer.text}</p>
        </div>
      )}
      {canAnswer && item.status !== 'closed' && (
        <form className="form" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('feedback.answer')}
            <textarea value={answer} onChange={(e) => setAnswer(e.target.value)} rows={3} data-testid="feedback-answer-text" />
          </label>
          <ErrorMessage error={error} />
          <div className="actions">
            <button type="button" onClick={() => void submit(false)} disabled={answer.trim().length < 3} data-testid="feedback-answer-send">
              {t('feedback.answerSend')}
            </button>
            <button type="button" className="secondary" onClick={() => void submit(true)} disabled={answer.trim().length < 3} data-testid="feedback-answer-close">
              {t('feedback.answerClose')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
