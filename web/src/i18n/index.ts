/**
 * A tiny i18n: two flat dictionaries, Vietnamese by default, the choice kept in localStorage.
 * `t(key, params)` replaces `{name}` placeholders. Components call `useLocale()` (the app root does) so that a
 * language switch re-renders them. Vietnamese is in the main bundle; English is its own chunk, fetched when chosen
 * (issue 18.7: the sign-in page's script stays small for the many who never switch).
 */
import { useSyncExternalStore } from 'react';
import { vi, type MessageKey } from './vi';

export type { MessageKey };
export type Locale = 'vi' | 'en';

type Dictionary = Record<MessageKey, string>;
const dictionaries: Partial<Record<Locale, Dictionary>> = { vi };
const loaders: Record<Locale, () => Promise<Dictionary>> = {
  vi: async () => vi,
  en: async () => (await import('./en')).en,
};

/** Fetches a language's messages (once); `t` speaks Vietnamese until they are there. */
export async function loadLocale(locale: Locale): Promise<void> {
  dictionaries[locale] ??= await loaders[locale]();
}
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

/** Switches the language, once its messages are loaded (at once when they already are). */
export function setLocale(locale: Locale): Promise<void> {
  if (!dictionaries[locale]) return loadLocale(locale).then(() => applyLocale(locale));
  applyLocale(locale);
  return Promise.resolve();
}

function applyLocale(locale: Locale): void {
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
  const text = (dictionaries[current] ?? vi)[key] ?? key;
  if (!text.includes('{')) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params && name in params ? String(params[name]) : name in organisationWords ? organisationWords[name]! : whole,
  );
}

export function initDocumentLanguage(): void {
  document.documentElement.lang = current;
}
