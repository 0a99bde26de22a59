import type { AuthProvider } from "./auth-provider.js";

/** Logs in and returns a JWT. Injected by the client (it calls `POST /api/authenticate`). */
export type LoginFunction = () => Promise<string>;

/**
 * A JWT session: logs in on first use, reuses the token, and logs in again once when the server refuses it.
 * Concurrent callers share one login: while a login is in flight, everyone waits for the same promise.
 */
export function sessionAuth(login: LoginFunction, password: string): AuthProvider {
  let token: string | undefined;
  let pending: Promise<string> | undefined;

  const currentToken = (): Promise<string> => {
    if (token !== undefined) return Promise.resolve(token);
    if (pending === undefined) {
      pending = login().then(
        (fresh) => {
          token = fresh;
          pending = undefined;
          return fresh;
        },
        (error: unknown) => {
          pending = undefined;
          throw error;
        },
      );
    }
    return pending;
  };

  return {
    kind: "session",
    renewable: true,
    headers: async () => ({ authorization: `Bearer ${await currentToken()}` }),
    async renew(refused) {
      // Only drop the token that was refused: another caller may already have renewed it.
      if (token !== undefined && refused.authorization === `Bearer ${token}`) token = undefined;
      await currentToken();
      return true;
    },
    secrets: () => (token === undefined ? [password] : [password, token]),
  };
}
