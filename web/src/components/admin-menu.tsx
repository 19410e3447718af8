/**
 * The header's administration items under one button ("Quản trị"), so the header stays one row at 1440 px: a
 * disclosure (button with `aria-expanded` controlling a list of links, the WAI-ARIA pattern for site navigation),
 * closed by Escape (focus back on the button), a click elsewhere, or following a link.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { t } from '../i18n';
import { Link, useLocation } from '../router';

export interface AdminMenuItem {
  to: string;
  label: string;
  testId: string;
}

export function AdminMenu({ items }: { items: readonly AdminMenuItem[] }): ReactNode {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);

  if (items.length === 0) return null;
  const current = items.some((i) => pathname.startsWith(i.to));
  return (
    <div className="nav-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className={`nav-menu-button${current ? ' current' : ''}`}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        data-testid="nav-admin"
      >
        {t('nav.admin')} <span aria-hidden="true">▾</span>
      </button>
      <ul id={id} className="nav-menu-list" hidden={!open}>
        {open &&
          items.map((item) => (
            <li key={item.to}>
              <Link to={item.to} aria-current={pathname.startsWith(item.to) ? 'page' : undefined} onClick={() => setOpen(false)} data-testid={item.testId}>
                {item.label}
              </Link>
            </li>
          ))}
      </ul>
    </div>
  );
}
