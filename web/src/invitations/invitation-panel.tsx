/**
 * "Giấy mời" on the meeting's manage page (R2.4, M8.1b): the organiser types the meeting password (only its hash is
 * stored, so it cannot be filled in for them), sends the invitations by e-mail and is told plainly what happened
 * (issue 15.5): how many mails went into the outbox, how many are sent, which wait and why (no mail server
 * configured, failed attempts), and who cannot be reached (rooms without an account, people without an address or
 * with a disabled account, units nobody answers for); then the notice warning (D7.3), the giấy mời PDF and the
 * calendar file (neither carries the password), and the meeting's mails with their status.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { MailDelivery, MailView, MeetingView, SendInvitationsResponse } from '../../../shared/api';
import { invitationsApi } from './api-invitations';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { useLoad } from '../use-load';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { UnreachableUnits } from '../attendees/invited-units';
import { OutboxList } from '../mail/outbox-list';
import { SignablesOf } from '../signatures/SignPanel';

export function InvitationPanel({ meeting }: { meeting: MeetingView }) {
  const [password, setPassword] = useState('');
  const [signatureCode, setSignatureCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [result, setResult] = useState<SendInvitationsResponse | null>(null);
  const mails = useLoad(() => invitationsApi.outbox(meeting.id), `${meeting.id}:outbox`);
  const sentAt = result?.invitationsSentAt ?? meeting.invitationsSentAt;
  // with a mail server, follow the mails just put in until none waits for its first attempt
  const waiting = result?.mailServer && mails.data ? deliveryOf(mails.data).waiting : 0;
  const reloadMails = mails.reload;
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(reloadMails, 2_000);
    return () => clearTimeout(timer);
  }, [waiting, mails.data, reloadMails]);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const sent = await invitationsApi.send(meeting.id, password, signatureCode.trim() || undefined);
      setResult(sent);
      setPassword('');
      setSignatureCode('');
      mails.reload();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="invitation-panel">
      <h2>{t('invitations.title')}</h2>
      <p className="small">{t('invitations.intro')}</p>
      {sentAt && (
        <p className="small" data-testid="invitations-sent-at">
          {t('invitations.sentAt', { at: formatDateTime(sentAt) })}
        </p>
      )}
      <p>
        <a href={invitationsApi.pdfUrl(meeting.id)} target="_blank" rel="noreferrer" data-testid="invitation-pdf-link">
          {t('invitations.pdf')}
        </a>
        {' · '}
        <a href={invitationsApi.icsUrl(meeting.id)} data-testid="invitation-ics-link">
          {t('invitations.ics')}
        </a>
      </p>
      {result && (
        <div className="notice" role="status" data-testid="invitations-result" data-mail-server={result.mailServer}>
          <p className="strong" data-testid="invitations-count" data-count={result.count}>
            {result.mailServer ? t('invitations.queued', { count: result.count }) : t('invitations.keptNoServer', { count: result.count })}
          </p>
          {!result.mailServer && <p data-testid="invitations-no-server">{t('invitations.noServerHint')}</p>}
          <DeliveryLine delivery={mails.data ? deliveryOf(mails.data) : result.delivery} />
          <UnreachableUnits units={result.unreachableUnits} />
          {result.unreachableRooms.length > 0 && (
            <div className="warning-text" role="alert" data-testid="unreachable-rooms" data-count={result.unreachableRooms.length}>
              <p>{t('invitations.unreachableRooms')}</p>
              <ul>
                {result.unreachableRooms.map((r) => (
                  <li key={r.id} data-testid="unreachable-room">
                    {r.name} — {r.technicianInformed ? t('invitations.roomTechnicianOnly') : t('invitations.roomNobody')}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {result.unreachablePeople.length > 0 && (
            <div className="warning-text" role="alert" data-testid="unreachable-people" data-count={result.unreachablePeople.length}>
              <p>{t('invitations.unreachablePeople')}</p>
              <ul>
                {result.unreachablePeople.map((p) => (
                  <li key={p.id} data-testid="unreachable-person">
                    {p.name} — {p.reason === 'disabled' ? t('invitations.personDisabled') : t('invitations.personNoEmail')}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {result.warnings.map((w) => (
            <p key={w.rule} className="warning-text" data-testid="invitations-warning" data-rule={w.rule}>
              {t('meetingNew.warnInvitationNotice', { actual: w.actual, required: w.required })}
            </p>
          ))}
        </div>
      )}
      <ErrorMessage error={error} />
      <form onSubmit={(e) => void send(e)} className="inline-form">
        <label>
          {t('invitations.password')}
          <input
            type="password"
            autoComplete="off"
            required
            maxLength={128}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="invitations-password"
          />
        </label>
        <p className="small muted">{t('invitations.passwordNote')}</p>
        <label>
          {t('invitations.signatureCode')}
          <input inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} value={signatureCode} onChange={(e) => setSignatureCode(e.target.value)} data-testid="invitations-signature-code" />
        </label>
        <p className="small muted">{t('invitations.signatureNote')}</p>
        <div className="actions">
          <button type="submit" disabled={busy || !password} data-testid="invitations-send">
            {busy ? t('invitations.sending') : sentAt ? t('invitations.resend') : t('invitations.send')}
          </button>
        </div>
      </form>
      <SignablesOf kind="invitation" subjectId={meeting.id} reloadKey={result?.signableId ?? ''} />
      <h3>{t('invitations.mails')}</h3>
      <ErrorMessage error={mails.error} />
      {!mails.data && !mails.error && <p className="muted">{t('common.loading')}</p>}
      {mails.data && <OutboxList mails={mails.data} onChanged={mails.reload} />}
      <div className="actions">
        <button type="button" className="secondary small" onClick={mails.reload} data-testid="invitations-mails-reload">
          {t('manage.refresh')}
        </button>
      </div>
    </section>
  );
}

/** The meeting's mails by where they are, as the outbox lists them. */
function deliveryOf(mails: MailView[]): MailDelivery {
  const out: MailDelivery = { sent: 0, waiting: 0, retrying: 0, failed: 0, kept: 0 };
  for (const m of mails) {
    if (m.status === 'pending') out[m.attempts > 0 ? 'retrying' : 'waiting'] += 1;
    else out[m.status] += 1;
  }
  return out;
}

/** "Đã gửi 3 · đang chờ gửi 2 · …": only the figures that are not zero. */
function DeliveryLine({ delivery }: { delivery: MailDelivery }) {
  const parts = (['sent', 'waiting', 'retrying', 'failed', 'kept'] as const).filter((k) => delivery[k] > 0);
  return (
    <p
      data-testid="invitations-delivery"
      data-sent={delivery.sent}
      data-waiting={delivery.waiting}
      data-retrying={delivery.retrying}
      data-failed={delivery.failed}
      data-kept={delivery.kept}
    >
      {t('invitations.deliveryTitle')} {parts.map((k) => t(`invitations.delivery.${k}`, { count: delivery[k] })).join(' · ')}
    </p>
  );
}
