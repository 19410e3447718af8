/**
 * Who is signed in: loaded once from `GET /api/auth/me`, changed by sign-in (password, then the code when the
 * account has a second factor), password change, second-factor enrolment and sign-out.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LoginBody, MeResponse, UserView } from '../../shared/api';
import { api, ApiError, onUnauthenticated } from './api';
import { takeEarlyMe } from './early';
import { setOrganisationWords } from './i18n';

export interface Session {
  /** `undefined` while the first `me` request is under way. */
  user: UserView | null | undefined;
  /** Set when the first `me` request failed (server unreachable). */
  loadError: ApiError | null;
  /** The password was accepted; the code from the authenticator app is still to come (R1.3). */
  secondFactorRequired: boolean;
  /** The account must set up a second factor before anything else (operators, R1.3). */
  secondFactorEnrolmentRequired: boolean;
  /** The password step: resolves to the user, or to null when the code is still to come. */
  signIn(body: LoginBody): Promise<UserView | null>;
  /** The code step of the sign-in. */
  completeSecondFactor(code: string): Promise<UserView>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<UserView | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [flags, setFlags] = useState({ secondFactorRequired: false, secondFactorEnrolmentRequired: false });

  const apply = useCallback((me: MeResponse) => {
    if (me.organisation) setOrganisationWords(me.organisation);
    setUser(me.user);
    setFlags({ secondFactorRequired: Boolean(me.secondFactorRequired), secondFactorEnrolmentRequired: Boolean(me.secondFactorEnrolmentRequired) });
  }, []);

  const refresh = useCallback(async () => {
    try {
      apply(await (takeEarlyMe() ?? api.me()));
      setLoadError(null);
    } catch (error) {
      setLoadError(error instanceof ApiError ? error : new ApiError('network_error', 0));
      setUser((previous) => previous ?? null);
    }
  }, [apply]);

  useEffect(() => {
    void refresh();
    return onUnauthenticated(() => {
      setUser(null);
      setFlags({ secondFactorRequired: false, secondFactorEnrolmentRequired: false });
    });
  }, [refresh]);

  const signIn = useCallback(
    async (body: LoginBody) => {
      const result = await api.login(body);
      if ('secondFactorRequired' in result) {
        setFlags({ secondFactorRequired: true, secondFactorEnrolmentRequired: false });
        return null;
      }
      // What the account still has to do (e.g. an operator's enrolment) comes from `me`.
      apply(await api.me());
      return result.user;
    },
    [apply],
  );

  const completeSecondFactor = useCallback(
    async (code: string) => {
      const signedIn = await api.secondFactor(code);
      apply(await api.me());
      return signedIn;
    },
    [apply],
  );

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setUser(null);
      setFlags({ secondFactorRequired: false, secondFactorEnrolmentRequired: false });
    }
  }, []);

  const value = useMemo(
    () => ({ user, loadError, ...flags, signIn, completeSecondFactor, signOut, refresh }),
    [user, loadError, flags, signIn, completeSecondFactor, signOut, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
