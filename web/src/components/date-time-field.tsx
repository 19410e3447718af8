/**
 * A date and time in Vietnam time, shown `dd/MM/yyyy` and 24-hour whatever the browser's language: a text field for
 * the day and two choices for the hour and the minute. (`<input type="datetime-local">` follows the browser's
 * locale: an English browser shows `12/09/2026 11:00 PM`.) The value is the same `2027-01-05T14:30` string a
 * datetime-local input had (Vietnam time, `dateTimeLocalToIso` reads it), or '' while the typed day is not a date.
 */
import { useEffect, useId, useState } from 'react';
import { formatDateField, parseDateField } from '../format';
import { t } from '../i18n';

const pad = (n: number) => String(n).padStart(2, '0');
const HOURS = Array.from({ length: 24 }, (_, h) => pad(h));
const MINUTES = Array.from({ length: 12 }, (_, i) => pad(i * 5));

interface Props {
  label: string;
  /** `YYYY-MM-DDTHH:mm`, or '' (no valid day yet). */
  value: string;
  onChange(value: string): void;
  /** The day field gets `<testId>-date`, the choices `<testId>-hour` and `<testId>-minute`. */
  testId: string;
  hint?: string;
}

export function DateTimeField({ label, value, onChange, testId, hint }: Props) {
  const id = useId();
  const day = value.slice(0, 10);
  // The hour and minute are kept here too: while the typed day is not a date the value is '', and they must survive.
  const [text, setText] = useState(formatDateField(day));
  const [hour, setHour] = useState(value.slice(11, 13) || '08');
  const [minute, setMinute] = useState(value.slice(14, 16) || '00');
  // The value changed from outside (a default that follows another field): show it, unless the person is typing a
  // day that is not complete yet (value '').
  useEffect(() => {
    if (value === '') return;
    if (parseDateField(text) !== day) setText(formatDateField(day));
    setHour(value.slice(11, 13));
    setMinute(value.slice(14, 16));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only an outside change of the value matters here
  }, [value]);

  const typed = parseDateField(text);
  const compose = (d: string | null, h: string, m: string) => (d ? `${d}T${h}:${m}` : '');
  const minutes = MINUTES.includes(minute) ? MINUTES : [...MINUTES, minute].sort();

  return (
    <div className="date-time-field" role="group" aria-labelledby={`${id}-label`}>
      <span className="field-label" id={`${id}-label`}>
        {label}
      </span>
      <div className="date-time-inputs">
        <input
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder={t('dateTime.datePlaceholder')}
          aria-label={`${label} — ${t('dateTime.date')}`}
          aria-invalid={text !== '' && typed === null}
          value={text}
          maxLength={12}
          onChange={(e) => {
            setText(e.target.value);
            onChange(compose(parseDateField(e.target.value), hour, minute));
          }}
          data-testid={`${testId}-date`}
        />
        <select aria-label={`${label} — ${t('dateTime.hour')}`} value={hour} onChange={(e) => (setHour(e.target.value), onChange(compose(typed, e.target.value, minute)))} data-testid={`${testId}-hour`}>
          {HOURS.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </select>
        <span aria-hidden="true">:</span>
        <select aria-label={`${label} — ${t('dateTime.minute')}`} value={minute} onChange={(e) => (setMinute(e.target.value), onChange(compose(typed, hour, e.target.value)))} data-testid={`${testId}-minute`}>
          {minutes.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      {text !== '' && typed === null ? (
        <span className="small field-error" role="alert" data-testid={`${testId}-invalid`}>
          {t('dateTime.dateInvalid')}
        </span>
      ) : (
        hint && <span className="small muted">{hint}</span>
      )}
    </div>
  );
}
