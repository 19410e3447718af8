/** Link addresses (M8.1a): ASCII, lower case, digits and hyphens, 2–64 characters. */
export const slugPattern = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;

/** Paths the web app uses itself; a meeting may not take them as its link address. */
export const reservedSlugs = new Set(['api', 'ws', 'login', 'admin', 'assets', 'meetings', 'users', 'password', 'account', 'static', 'health', 'schedule', 'welcome', 'tasks', 'substitute-reports', 'forgot-password', 'reset-password', 'feedback', 'verify', 'metrics', 'reports']);

/** Strip Vietnamese diacritics (đ → d, which NFD does not decompose). */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** `Dự án Đắk Nông` → `du-an-dak-nong`. */
export function slugify(text: string): string {
  return foldDiacritics(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}
