/**
 * A tiny i18n: two flat dictionaries, Vietnamese by default, the choice kept in localStorage.
 * `t(key, params)` replaces `{name}` placeholders. Components call `useLocale()` (the app root does) so that a
 * language switch re-renders them.
 */
import { useSyncExternalStore } from 'react';
import { vi, type MessageKey } from './vi';
import { en } from './en';

export type { MessageKey };
export type Locale = 'vi' | 'en';

const dictionaries: Record<Locale, Record<MessageKey, string>> = { vi, en };
const STORAGE_KEY = 'giaoban.locale';
const listeners = new Set<() => void>();

let current: Locale = readStoredLocale();

function readStoredLocale(): Locale {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi'; // storage disabled (privacy mode): stay in Vietnamese
  }
}

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    /* not persisted; the switch still applies to this tab */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  for (const listener of listeners) listener();
}

export function subscribeLocale(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders the calling component when the language changes; returns the current language. */
export function useLocale(): Locale {
  return useSyncExternalStore(subscribeLocale, getLocale, getLocale);
}

export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(vi, key);
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[current][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function initDocumentLanguage(): void {
  document.documentElement.lang = current;
}
