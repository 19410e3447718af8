/**
 * The console's WebSocket (`/api/console/ws`, R3.10): the whole view once, then what changed, kept in a
 * `ConsoleView`; reconnects by itself (a new snapshot) unless the server refused the account.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { applyConsoleFrame, consoleServerMessage, emptyConsoleView, type ConsoleView } from '../../../shared/api';

export type ConsoleLink = 'connecting' | 'live' | 'reconnecting' | 'refused';

const RETRY_MS = 2_000;

export function useConsole(): { view: ConsoleView; link: ConsoleLink; error: string | null; acknowledge(alarmId: string): void; seenAt: ReadonlyMap<string, number> } {
  const [view, setView] = useState<ConsoleView>(emptyConsoleView);
  const [link, setLink] = useState<ConsoleLink>('connecting');
  const [error, setError] = useState<string | null>(null);
  const socket = useRef<WebSocket | null>(null);
  /** When each alarm first reached this page: those of the last moments are highlighted as new. */
  const seenAt = useRef(new Map<string, number>());

  useEffect(() => {
    let stopped = false;
    let retry: number | undefined;
    const open = () => {
      const ws = new WebSocket(`${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/console/ws`);
      socket.current = ws;
      let refused = false;
      ws.onmessage = (event) => {
        const parsed = consoleServerMessage.safeParse(JSON.parse(String(event.data)));
        if (!parsed.success) return;
        const frame = parsed.data;
        if (frame.type === 'error') {
          setError(frame.id);
          if (frame.id === 'console_operator_only' || frame.id === 'unauthenticated') refused = true;
          return;
        }
        const now = Date.now();
        for (const a of frame.alarms) if (!seenAt.current.has(a.id)) seenAt.current.set(a.id, frame.type === 'snapshot' ? 0 : now);
        setView((v) => applyConsoleFrame(v, frame));
        setLink('live');
        if (frame.type === 'snapshot') setError(null);
      };
      ws.onclose = () => {
        socket.current = null;
        if (stopped) return;
        if (refused) return setLink('refused');
        setLink('reconnecting');
        retry = window.setTimeout(open, RETRY_MS);
      };
    };
    open();
    return () => {
      stopped = true;
      window.clearTimeout(retry);
      socket.current?.close(1000);
    };
  }, []);

  const acknowledge = useCallback((alarmId: string) => {
    socket.current?.send(JSON.stringify({ type: 'ack', alarmId }));
  }, []);

  return { view, link, error, acknowledge, seenAt: seenAt.current };
}
