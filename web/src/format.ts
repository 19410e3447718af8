/**
 * Dates, times and people the Vietnamese way (see VIETNAMESE-CONVENTIONS.md): the server stores UTC, the client
 * shows Asia/Ho_Chi_Minh as `dd/MM/yyyy HH:mm` whatever the browser's own time zone (people are sorted by
 * `shared/people-order.ts`).
 */
import { foldDiacritics } from '../../shared/slug';

export const HOME_TIME_ZONE = 'Asia/Ho_Chi_Minh';
/** Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact. */
const HOME_UTC_OFFSET = '+07:00';

const homeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: HOME_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

interface LocalParts { year: string; month: string; day: string; hour: string; minute: string }

function partsAtHome(date: Date): LocalParts {
  const out: Record<string, string> = {};
  for (const part of homeParts.formatToParts(date)) out[part.type] = part.value;
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour!, minute: out.minute! };
}

/** `2027-01-05T07:30:00Z` → `14:30` (the day is known from the context). */
export function formatTime(iso: string | Date): string {
  const p = partsAtHome(typeof iso === 'string' ? new Date(iso) : iso);
  return `${p.hour}:${p.minute}`;
}

/** `2027-01-05T07:30:00Z` → `05/01/2027 14:30`. */
export function formatDateTime(iso: string | Date): string {
  const p = partsAtHome(typeof iso === 'string' ? new Date(iso) : iso);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

const homeSeconds = new Intl.DateTimeFormat('en-GB', { timeZone: HOME_TIME_ZONE, second: '2-digit' });

/** `2027-01-05T07:30:09Z` → `05/01/2027 14:30:09` (where the second matters: the audit trail). */
export function formatDateTimeSeconds(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  const second = homeSeconds.formatToParts(date).find((p) => p.type === 'second')?.value ?? '00';
  return `${formatDateTime(date)}:${second.padStart(2, '0')}`;
}

/**
 * A day picked in an `<input type="date">` (`2027-01-05`), read as a day in Vietnam: its first instant, or its
 * last (`end`), as ISO 8601 with offset. null when the value is not a date.
 */
export function dayToIso(value: string, end = false): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  return `${value}T${end ? '23:59:59.999' : '00:00:00'}${HOME_UTC_OFFSET}`;
}

/** `05/01/2027 14:30 – 16:00`, or both dates in full when the meeting spans midnight. */
export function formatTimeRange(startIso: string, endIso: string): string {
  const start = partsAtHome(new Date(startIso));
  const end = partsAtHome(new Date(endIso));
  const sameDay = start.year === end.year && start.month === end.month && start.day === end.day;
  const endText = sameDay ? `${end.hour}:${end.minute}` : formatDateTime(endIso);
  return `${formatDateTime(startIso)} – ${endText}`;
}

/** The value an `<input type="datetime-local">` shows for `date` in Vietnam time: `2027-01-05T14:30`. */
export function toDateTimeLocalValue(date: Date): string {
  const p = partsAtHome(date);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** A datetime-local value read as Vietnam time → ISO 8601 with offset: `2027-01-05T14:30:00+07:00`. */
export function dateTimeLocalToIso(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?/.exec(value);
  if (!match) return null;
  return `${match[1]}T${match[2]}:${match[3] ?? '00'}${HOME_UTC_OFFSET}`;
}

/** Search that ignores case and diacritics: `dak nong` finds `Đắk Nông`. */
export function matchesSearch(text: string, query: string): boolean {
  const fold = (s: string) => foldDiacritics(s).toLowerCase();
  return fold(text).includes(fold(query.trim()));
}

/** `2027-01-05` → `05/01/2027`, what a date field shows. */
export function formatDateField(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/**
 * A date typed the Vietnamese way, `dd/MM/yyyy` (also `d/M/yyyy`, with `-` or `.`) → `2027-01-05`; null when it is
 * not a day of the calendar (31/02 included).
 */
export function parseDateField(text: string): string | null {
  const m = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}
