/** Sessions and the sign-in log of an account (R1.3), as the holder and the operator see them. */
import type { SessionView, SignInView } from '../../../shared/api';
import { deviceLabel } from '../../../shared/user-agent';
import { formatDateTime, formatDateTimeSeconds } from '../format';
import { t } from '../i18n';

/** The browser and system, or "unknown device" when the browser said nothing. */
const device = (userAgent: string) => deviceLabel(userAgent) || t('account.unknownDevice');

export function SessionTable({ sessions, onSignOut, busy }: { sessions: SessionView[]; onSignOut?(session: SessionView): void; busy?: boolean }) {
  if (sessions.length === 0) return <p className="muted">{t('account.noSessions')}</p>;
  return (
    <table className="list" data-testid="session-list">
      <thead>
        <tr>
          <th>{t('account.device')}</th>
          <th>{t('account.ip')}</th>
          <th>{t('account.started')}</th>
          <th>{t('account.lastSeen')}</th>
          {onSignOut && <th>{t('users.actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => (
          <tr key={s.id} data-testid="session-item" data-session-id={s.id} data-current={s.current ? 'true' : 'false'}>
            <td data-label={t('account.device')} title={s.userAgent}>
              {device(s.userAgent)}
              {s.current && (
                <span className="badge" data-testid="session-current">
                  {t('account.thisDevice')}
                </span>
              )}
              {s.pendingSecondFactor && <span className="badge">{t('account.pendingSecondFactor')}</span>}
            </td>
            <td data-label={t('account.ip')}>{s.ip || '—'}</td>
            <td data-label={t('account.started')}>{formatDateTime(s.startedAt)}</td>
            <td data-label={t('account.lastSeen')}>{formatDateTime(s.lastSeenAt)}</td>
            {onSignOut && (
              <td data-label={t('users.actions')}>
                <button type="button" className="secondary small" disabled={busy} onClick={() => onSignOut(s)} data-testid="session-sign-out">
                  {s.current ? t('nav.signOut') : t('account.signOutSession')}
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SignInLog({ entries }: { entries: SignInView[] }) {
  if (entries.length === 0) return <p className="muted">{t('account.noSignIns')}</p>;
  return (
    <table className="list" data-testid="sign-in-log">
      <thead>
        <tr>
          <th>{t('account.at')}</th>
          <th>{t('account.outcome')}</th>
          <th>{t('account.ip')}</th>
          <th>{t('account.device')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} data-testid="sign-in-item" data-outcome={e.outcome} className={e.outcome === 'success' ? undefined : 'sign-in-failed'}>
            <td data-label={t('account.at')}>{formatDateTimeSeconds(e.at)}</td>
            <td data-label={t('account.outcome')}>{t(`signInOutcome.${e.outcome}`)}</td>
            <td data-label={t('account.ip')}>{e.ip || '—'}</td>
            <td data-label={t('account.device')} title={e.userAgent}>
              {device(e.userAgent)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
