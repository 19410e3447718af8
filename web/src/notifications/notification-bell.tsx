/**
 * The bell in the header: the count of unread notices, and the list of them in the current language. Asks the
 * server again every `POLL_MS` and whenever the tab comes back into view; a failed poll keeps the last list.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { NotificationsResponse, NotificationView } from '../../../shared/api';
import { isTechnicianChanged } from '../../../shared/api/notifications';
import { notificationsApi } from '../endpoints/api-endpoints';
import { notificationMeetings } from '../endpoints/endpoint-format';
import { notificationLink, notificationText } from './notification-format';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { navigate } from '../router';

const POLL_MS = 60_000;

export function NotificationBell() {
  const [inbox, setInbox] = useState<NotificationsResponse | null>(null);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  const refresh = useCallback(() => {
    notificationsApi.list().then(setInbox, () => undefined);
  }, []);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const unread = inbox?.unread ?? 0;
  const toggle = () => {
    if (!open) refresh();
    setOpen(!open);
  };
  const openNotice = async (n: NotificationView) => {
    if (!n.readAt) await notificationsApi.markRead(n.id).catch(() => undefined);
    refresh();
    const to = notificationLink(n);
    if (to) {
      setOpen(false);
      navigate(to);
    }
  };
  const readAll = async () => {
    await notificationsApi.markAllRead().catch(() => undefined);
    refresh();
  };

  return (
    <div className="bell" ref={root}>
      <button
        type="button"
        className="link-button bell-button"
        aria-expanded={open}
        aria-label={t('notifications.button', { count: unread })}
        title={t('notifications.title')}
        onClick={toggle}
        data-testid="notification-bell"
      >
        <svg className="icon" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" data-testid="notification-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="bell-panel" role="dialog" aria-label={t('notifications.title')} data-testid="notification-panel">
          <div className="bell-head">
            <strong>{t('notifications.title')}</strong>
            {unread > 0 && (
              <button type="button" className="link-button small" onClick={() => void readAll()} data-testid="notification-read-all">
                {t('notifications.markAllRead')}
              </button>
            )}
          </div>
          {inbox && inbox.notifications.length === 0 && <p className="muted small">{t('notifications.empty')}</p>}
          <ul>
            {inbox?.notifications.map((n) => (
              <li key={n.id} className={n.readAt ? 'read' : 'unread'} data-testid="notification-item" data-read={n.readAt ? 'true' : 'false'}>
                <button type="button" className="bell-item" onClick={() => void openNotice(n)}>
                  <span>{notificationText(n)}</span>
                  {notificationMeetings(n) && <span className="small">{notificationMeetings(n)}</span>}
                  <span className="muted small">
                    {formatDateTime(n.createdAt)}
                    {isTechnicianChanged(n) && ` · ${t('notifications.by', { name: n.data.byName })}`}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
