import { t } from '../i18n';
import { Link, loginPath } from '../router';
import type { CloseCause } from './signaling-client';

/**
 * After the room: the meeting ended, we left, another tab took over, the chair removed us or refused us at the
 * lobby (with the chair's reason, when given), or the server refused the join.
 */
export function RoomEnded({ cause, slug, onRejoin }: { cause: CloseCause; slug: string; onRejoin(): void }) {
  const rejoin = (
    <button type="button" className="primary" onClick={onRejoin} data-testid="rejoin-button">
      {cause.kind === 'server' && cause.reason === 'removed' ? t('closed.askAgain') : t('closed.rejoin')}
    </button>
  );
  const reason = cause.kind === 'server' ? cause.reason : cause.kind === 'local' ? 'left' : null;
  const message = cause.kind === 'server' ? cause.message : undefined;
  return (
    <main className="page narrow">
      <div className="card room-ended">
        {reason ? (
          <div className={reason === 'removed' || reason === 'refused' ? 'error' : 'notice'} role="status" data-testid="closed-message" data-reason={reason}>
            <p>{t(`closed.${reason}`)}</p>
            {message && (
              <p data-testid="closed-reason">
                {t('closed.reasonGiven', { reason: message })}
              </p>
            )}
          </div>
        ) : (
          <p className="error" role="alert" data-testid="error-message">
            {cause.kind === 'refused' && t(cause.errorId)}
          </p>
        )}
        <div className="actions">
          {(reason === 'left' || reason === 'replaced' || reason === 'removed') && rejoin}
          {reason === 'session_revoked' && <Link to={loginPath(`/${slug}`)}>{t('closed.signIn')}</Link>}
          <Link to="/">{t('common.home')}</Link>
        </div>
      </div>
    </main>
  );
}
