/**
 * The search box of a long list in the meeting room (the queue, the lobby, connection health): shown once the list
 * is long enough to need it; without diacritics or case, as the roster's (roster-search.ts). Escape clears it.
 */
import { t, type MessageKey } from '../i18n';

/** Lists longer than this get a search box. */
export const SEARCH_FROM = 8;

export function ListSearch({ value, onChange, placeholder, label, shown, total, testId }: { value: string; onChange(value: string): void; placeholder: MessageKey; label: MessageKey; shown: number; total: number; testId: string }) {
  return (
    <div className="list-search" role="search">
      <input
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            onChange('');
          }
        }}
        placeholder={t(placeholder)}
        aria-label={t(label)}
        autoComplete="off"
        spellCheck={false}
        data-testid={testId}
      />
      {value.trim() && (
        <span className="small muted" role="status" data-count={shown}>
          {t('list.found', { shown, total })}
        </span>
      )}
    </div>
  );
}
