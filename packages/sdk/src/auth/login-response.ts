/** What a login response says, whichever of UTMStack's two shapes it came in. */
export interface LoginOutcome {
  /** The JWT, when the response carried one. */
  token: string | undefined;
  /** True when the token only allows the two-factor step (v11 `forceTfa` / `tfaConfigured`). */
  needsSecondFactor: boolean;
}

/**
 * Reads a login response in either shape: the documented `{ authenticated, id_token }` (seed 001, and the
 * TFA verify step) or UTMStack v11's `{ success, forceTfa, tfaConfigured, token, ... }`.
 */
export function readLoginResponse(body: unknown): LoginOutcome {
  if (!body || typeof body !== "object") return { token: undefined, needsSecondFactor: false };
  const b = body as Record<string, unknown>;
  const token =
    typeof b.id_token === "string" ? b.id_token : typeof b.token === "string" ? b.token : undefined;
  const needsSecondFactor = b.forceTfa === true || b.tfaConfigured === true;
  return { token: token === "" ? undefined : token, needsSecondFactor };
}
