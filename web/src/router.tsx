/**
 * A tiny router on the history API: `useLocation()` re-renders on navigation, `navigate()` pushes or replaces,
 * `<Link>` turns plain left clicks into client-side navigation.
 */
import { useEffect, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const NAVIGATE_EVENT = 'giaoban:navigate';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
}

/** A string, so that React sees an unchanged location as unchanged. */
function snapshot(): string {
  return window.location.pathname + window.location.search;
}

export interface AppLocation { pathname: string; searchParams: URLSearchParams }

export function useLocation(): AppLocation {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, searchParams: url.searchParams };
}

/** Paths the server answers itself (a document, a PDF, an export): loaded by the browser, not routed here. */
const servedByServer = (to: string) => to.startsWith('/api/');

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (servedByServer(to)) {
    // e.g. back to a document link that led to the sign-in page
    if (options.replace) window.location.replace(to);
    else window.location.assign(to);
    return;
  }
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** Navigates once, on mount (for redirects decided while rendering). */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    const plainClick = event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
    if (event.defaultPrevented || !plainClick || rest.target) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handleClick} {...rest} />;
}

/** `/login?next=/duan`: slugs and app paths need no escaping beyond what is kept readable here. */
export function loginPath(next: string): string {
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next).replace(/%2F/gi, '/')}`;
}

/** Only same-origin paths are followed after sign-in (an open redirect would help phishing). */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
