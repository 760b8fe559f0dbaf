import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, call, storeSession, storedSession, type Me, type Session } from './api.ts';

export type Ending = 'signed-out' | 'expired' | 'contained';

export interface SessionApi {
  me: Me;
  /** A call in the session's name; a step-up asked by the guard is answered, then the call made again once. */
  send<T>(method: string, path: string, body?: unknown): Promise<T>;
  signOut(): Promise<void>;
}

interface State {
  session: Session | undefined;
  ending: Ending | undefined;
  signIn(session: Session): void;
  end(ending: Ending): void;
  /** Set by the step-up dialog: resolves true once the passkey confirmed. */
  stepUp: { current: (() => Promise<boolean>) | undefined };
}

const Context = createContext<State | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(storedSession);
  const [ending, setEnding] = useState<Ending | undefined>();
  const stepUp = useRef<(() => Promise<boolean>) | undefined>(undefined);
  const signIn = useCallback((next: Session) => {
    storeSession(next);
    setEnding(undefined);
    setSession(next);
    location.hash = '';
  }, []);
  const end = useCallback((why: Ending) => {
    storeSession(undefined);
    setSession(undefined);
    setEnding(why);
  }, []);
  const value = useMemo(() => ({ session, ending, signIn, end, stepUp }), [session, ending, signIn, end]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSessionState(): State {
  const state = useContext(Context);
  if (!state) throw new Error('outside SessionProvider');
  return state;
}

/** The signed-in session's API; only under a signed-in page. */
export function useSession(): SessionApi {
  const { session, end, stepUp } = useSessionState();
  if (!session) throw new Error('no session');
  return useMemo<SessionApi>(() => {
    const send = async <T,>(method: string, path: string, body?: unknown, retried = false): Promise<T> => {
      try {
        return await call<T>(method, path, { token: session.token, body });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) end('expired');
        if (error instanceof ApiError && error.contained) end('contained');
        if (error instanceof ApiError && error.stepUp && !retried && stepUp.current && (await stepUp.current())) return send<T>(method, path, body, true);
        throw error;
      }
    };
    return {
      me: session.me,
      send: (method, path, body) => send(method, path, body),
      signOut: async () => {
        await call('POST', '/api/auth/logout', { token: session.token }).catch(() => undefined);
        end('signed-out');
      },
    };
  }, [session, end, stepUp]);
}
