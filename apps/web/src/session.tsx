import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { UserView } from '@yixiang/contracts';
import type { PermissionActor } from '@yixiang/domain/permissions/rules';
import { api, call, setToken, whenUnauthorised } from './api/client';

// The signed-in user. The access token lives in sessionStorage: it survives a reload but not the
// closing of the tab, and it expires on the server anyway (JWT_TTL_SECONDS).
const STORAGE_KEY = 'yixiang.session';

interface Stored {
  token: string;
  user: UserView;
}

interface Session {
  user: UserView | null;
  /** The server refused the session's token (it expired, or the session was ended elsewhere): the sign-in page says so. */
  expired: boolean;
  signIn(email: string, password: string): Promise<UserView>;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

function restore(): Stored | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Stored | null;
    if (stored?.token) setToken(stored.token);
    return stored;
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState<Stored | null>(restore);
  const [expired, setExpired] = useState(false);

  /** Forgets the session here; the server has already ended it (a 401) or has just been told to. */
  const forget = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setToken(null);
    setStored(null);
  }, []);

  // Signing out ends the token on the server too (POST /auth/logout), not only in this tab: a copied
  // token stops working. Forgotten here once the server answered, or failed to.
  const signOut = useCallback(() => {
    void api.POST('/api/v1/auth/logout').catch(() => undefined).finally(forget);
  }, [forget]);

  // A 401 to a request that carried the token: the session is over on the server. Without a word the
  // user found themselves on the sign-in page not knowing why (issue 21).
  useEffect(() => whenUnauthorised(() => {
    setExpired(true);
    forget();
  }), [forget]);

  const signIn = useCallback(async (email: string, password: string) => {
    const reply = await call(api.POST('/api/v1/auth/login', { body: { email, password } }));
    setToken(reply.accessToken);
    const next = { token: reply.accessToken, user: reply.user };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setExpired(false);
    setStored(next);
    return reply.user;
  }, []);

  const value = useMemo(() => ({ user: stored?.user ?? null, expired, signIn, signOut }), [stored, expired, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/**
 * The signed-in user as the permission rules of libs/domain see a caller, so a page offers an action
 * exactly when the service would allow it (the same `can` the services ask).
 */
export function actorOf(user: UserView): PermissionActor {
  return { userId: user.id, role: user.role, institutionId: user.institutionId, region: user.region };
}

/** The signed-in user; pages behind the sign-in gate only. */
export function useUser(): UserView {
  const { user } = useSession();
  if (!user) throw new Error('no user signed in');
  return user;
}
