import { t } from '../i18n';
import { Link, loginPath } from '../router';
import type { CloseCause } from './signaling-client';

/** After the room: the meeting ended, we left, another tab took over, or the server refused us. */
export function RoomEnded({ cause, slug, onRejoin }: { cause: CloseCause; slug: string; onRejoin(): void }) {
  const rejoin = (
    <button type="button" className="primary" onClick={onRejoin} data-testid="rejoin-button">
      {t('closed.rejoin')}
    </button>
  );
  const reason = cause.kind === 'server' ? cause.reason : cause.kind === 'local' ? 'left' : null;
  return (
    <main className="page narrow">
      <div className="card room-ended">
        {reason ? (
          <p className="notice" role="status" data-testid="closed-message" data-reason={reason}>
            {t(`closed.${reason}`)}
          </p>
        ) : (
          <p className="error" role="alert" data-testid="error-message">
            {cause.kind === 'refused' && t(cause.errorId)}
          </p>
        )}
        <div className="actions">
          {(reason === 'left' || reason === 'replaced') && rejoin}
          {reason === 'session_revoked' && <Link to={loginPath(`/${slug}`)}>{t('closed.signIn')}</Link>}
          <Link to="/">{t('common.home')}</Link>
        </div>
      </div>
    </main>
  );
}
