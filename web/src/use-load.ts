import { useCallback, useEffect, useState } from 'react';
import { toShownError, type ShownError } from './components/error-message';

export interface Loaded<T> { data: T | undefined; error: ShownError | null; reload(): void }

/** Runs `load` on mount and whenever `key` changes; ignores answers that arrive after a newer request. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ key: string; data?: T; error: ShownError | null }>({ key, error: null });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setState({ key, data, error: null }),
      (error: unknown) => current && setState({ key, error: toShownError(error) }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` names what `load` depends on
  }, [key, generation]);

  const fresh = state.key === key;
  return { data: fresh ? state.data : undefined, error: fresh ? state.error : null, reload };
}
