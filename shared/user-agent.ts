/**
 * A user agent string as a person recognises their device in the session list and sign-in log (R1.3):
 * "Chrome · Windows", "Cốc Cốc · Android". Deliberately small: the browsers and systems used in Vietnamese
 * agencies; anything else falls back to the raw string's first words.
 */
export interface DeviceDescription {
  /** Browser name, '' when not recognised. */
  browser: string;
  /** Operating system, '' when not recognised. */
  os: string;
}

// Order matters: Edge, Opera and Cốc Cốc also say "Chrome"; Chrome also says "Safari".
const BROWSERS: [RegExp, string][] = [
  [/coc_coc_browser|CocCoc/i, 'Cốc Cốc'],
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrom(e|ium)\/|CriOS\//, 'Chrome'],
  [/Version\/[\d.]+.*Safari\//, 'Safari'],
  [/HeadlessChrome/, 'Chrome'],
];

const SYSTEMS: [RegExp, string][] = [
  [/Windows/, 'Windows'],
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

export function describeUserAgent(userAgent: string): DeviceDescription {
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? '';
  const os = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? '';
  return { browser, os };
}

/** One line for a list: "Chrome · Windows"; the raw string (shortened) when nothing is recognised; '' for none. */
export function deviceLabel(userAgent: string): string {
  const { browser, os } = describeUserAgent(userAgent);
  if (browser || os) return [browser, os].filter(Boolean).join(' · ');
  return userAgent.length > 60 ? `${userAgent.slice(0, 57)}…` : userAgent;
}
