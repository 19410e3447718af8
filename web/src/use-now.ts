import { useEffect, useState } from 'react';

/** The current time, renewed every `everyMs` (countdowns). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Whether the instant `iso` has come; re-renders once when it does (no ticking). */
export function useReached(iso: string | undefined): boolean {
  const at = iso ? Date.parse(iso) : Number.NaN;
  const [reached, setReached] = useState(() => Date.now() >= at);
  const [rounds, setRounds] = useState(0);
  useEffect(() => {
    const left = at - Date.now();
    setReached(left <= 0);
    if (!(left > 0)) return;
    // setTimeout takes at most 2^31-1 ms (~24.8 days): a longer wait takes another round
    const timer = setTimeout(() => setRounds((r) => r + 1), Math.min(left + 50, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [at, rounds]);
  return reached;
}
