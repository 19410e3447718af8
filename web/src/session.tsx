/** Who is signed in: loaded once from `GET /api/auth/me`, changed by sign-in, password change and sign-out. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LoginBody, UserView } from '../../shared/api';
import { api, ApiError, onUnauthenticated } from './api';
import { takeEarlyMe } from './early';

export interface Session {
  /** `undefined` while the first `me` request is under way. */
  user: UserView | null | undefined;
  /** Set when the first `me` request failed (server unreachable). */
  loadError: ApiError | null;
  signIn(body: LoginBody): Promise<UserView>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<UserView | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<ApiError | null>(null);

  const refresh = useCallback(async () => {
    try {
      const me = await (takeEarlyMe() ?? api.me());
      setUser(me.user);
      setLoadError(null);
    } catch (error) {
      setLoadError(error instanceof ApiError ? error : new ApiError('network_error', 0));
      setUser((previous) => previous ?? null);
    }
  }, []);

  useEffect(() => {
    void refresh();
    return onUnauthenticated(() => setUser(null));
  }, [refresh]);

  const signIn = useCallback(async (body: LoginBody) => {
    const signedIn = await api.login(body);
    setUser(signedIn);
    return signedIn;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, loadError, signIn, signOut, refresh }), [user, loadError, signIn, signOut, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
