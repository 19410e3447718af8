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
/** Changes with the language and with the organisation's words: what a re-render depends on. */
let revision = 0;
const messagesSnapshot = () => `${current}:${revision}`;

export function useLocale(): Locale {
  useSyncExternalStore(subscribeLocale, messagesSnapshot, messagesSnapshot);
  return current;
}

export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(vi, key);
}

/**
 * The organisation's own words any message may name (`{office}`: the office that approves bookings, `{authority}`:
 * who decides emergencies), from its settings (`me.organisation`); a province's words until they are known.
 */
const organisationWords: Record<string, string> = { office: 'Văn phòng UBND tỉnh', authority: 'Chủ tịch UBND tỉnh' };

export function setOrganisationWords(words: { approvingOffice: string; decidingAuthority: string }): void {
  if (organisationWords.office === words.approvingOffice && organisationWords.authority === words.decidingAuthority) return;
  organisationWords.office = words.approvingOffice;
  organisationWords.authority = words.decidingAuthority;
  revision += 1;
  for (const listener of listeners) listener();
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[current][key] ?? key;
  if (!text.includes('{')) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params && name in params ? String(params[name]) : name in organisationWords ? organisationWords[name]! : whole,
  );
}

export function initDocumentLanguage(): void {
  document.documentElement.lang = current;
}
