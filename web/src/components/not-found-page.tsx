import type { MessageKey } from '../i18n';
import { t } from '../i18n';
import { Link } from '../router';

export function MessagePage({ message }: { message: MessageKey }) {
  return (
    <main className="page narrow">
      <div className="card">
        <p className="error" role="alert" data-testid="error-message">
          {t(message)}
        </p>
        <Link to="/">{t('common.home')}</Link>
      </div>
    </main>
  );
}
