/**
 * The meeting clock in the room's top bar: how long the meeting has run since its planned start, and its planned
 * end (D10: the chair keeps the meeting to its time). Before the start it says when the meeting starts; past the
 * planned end it says by how much the meeting runs over. Read on the server's clock (`offsetMs`).
 */
import { useEffect, useState } from 'react';
import { formatTime } from '../format';
import { t } from '../i18n';

export interface ClockReading {
  phase: 'before' | 'running' | 'over';
  /** `01:02:03`: hours, minutes and seconds since the planned start (00:00:00 before it). */
  elapsed: string;
  /** Whole minutes past the planned end (0 unless `over`). */
  overMinutes: number;
}

const two = (n: number) => String(n).padStart(2, '0');

/** Pure: the clock at `nowMs` (on our clock; `offsetMs` turns the server's instants into ours). */
export function readClock(startsAt: string, endsAt: string, nowMs: number, offsetMs = 0): ClockReading {
  const start = Date.parse(startsAt) + offsetMs;
  const end = Date.parse(endsAt) + offsetMs;
  const s = Math.max(0, Math.floor((nowMs - start) / 1000));
  const elapsed = `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  if (nowMs < start) return { phase: 'before', elapsed, overMinutes: 0 };
  if (nowMs < end) return { phase: 'running', elapsed, overMinutes: 0 };
  return { phase: 'over', elapsed, overMinutes: Math.floor((nowMs - end) / 60_000) };
}

export function MeetingClock({ startsAt, endsAt, offsetMs }: { startsAt: string; endsAt: string; offsetMs: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const clock = readClock(startsAt, endsAt, now, offsetMs);
  const end = formatTime(endsAt);
  return (
    <span className={`meeting-clock${clock.phase === 'over' ? ' over' : ''}`} data-testid="meeting-clock" data-phase={clock.phase} data-elapsed={clock.elapsed}>
      {clock.phase === 'before' ? (
        <span>{t('room.clockStartsAt', { time: formatTime(startsAt) })}</span>
      ) : (
        <span>
          {t('room.clockElapsed')} <time className="clock-elapsed">{clock.elapsed}</time>
        </span>
      )}
      <span className="clock-end" data-testid="meeting-clock-end">
        {clock.phase === 'over' ? t('room.clockOver', { time: end, minutes: clock.overMinutes }) : t('room.clockEnds', { time: end })}
      </span>
    </span>
  );
}
