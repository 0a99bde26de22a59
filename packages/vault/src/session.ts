import type { TokenLookup, VaultAuth, VaultEnvelope } from "./envelope.js";
import { VaultConfigError, VaultError, VaultForbiddenError } from "./errors.js";
import type { VaultLogger } from "./logger.js";
import type { VaultTransport } from "./transport.js";

/** AppRole credentials (`VAULT_ROLE_ID`, `VAULT_SECRET_ID`) and where AppRole is mounted. */
export interface AppRoleCredentials {
  roleId: string;
  secretId: string;
  /** Default `approle`. */
  mount?: string;
}

/** Settings of {@link TokenSession}. */
export interface TokenSessionOptions {
  /** A token to start with (`VAULT_TOKEN`). */
  token?: string;
  /** Log in with these when there is no token, when it cannot be renewed, or when Vault rejects it. */
  appRole?: AppRoleCredentials;
  /** Clock in epoch ms (injectable so tests can follow the emulation's clock). */
  now: () => number;
  /** Renew once less than this fraction of the lease is left. Default 1/3. */
  renewAtRemainingFraction?: number;
  logger?: VaultLogger;
}

/**
 * Owns the client's token: logs in with AppRole, learns a static token's TTL with `lookup-self`,
 * renews before the TTL runs out when the token is renewable, and logs in again when it is not, when
 * renewal fails, or when Vault says the token is invalid. The token lives in a private field: it is
 * never logged, never in an error, never in `toJSON`.
 */
export class TokenSession {
  #token: string | undefined;
  /** Epoch ms; `Infinity` for a token that never expires; `undefined` until known. */
  #expiresAt: number | undefined;
  #renewable = false;
  /** The lease length as granted at login (or creation), to judge when to renew. */
  #fullLeaseMs = 0;
  #pending: Promise<string> | undefined;
  readonly #transport: VaultTransport;
  readonly #options: TokenSessionOptions;

  constructor(transport: VaultTransport, options: TokenSessionOptions) {
    this.#transport = transport;
    this.#options = options;
    this.#token = options.token;
    if (!options.token && !options.appRole) {
      throw new VaultConfigError(["set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID for AppRole"]);
    }
  }

  /** True when AppRole credentials are configured, so a lost token can be replaced. */
  get canLogin(): boolean {
    return this.#options.appRole !== undefined;
  }

  /** When the current token expires (epoch ms, `Infinity` = never), if known. Safe to log. */
  get expiresAt(): number | undefined {
    return this.#expiresAt;
  }

  /** A token fit for the next request: renewed or replaced first if its TTL is running out. */
  token(): Promise<string> {
    this.#pending ??= this.#freshToken().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /**
   * Called after Vault rejected `rejected` (403 invalid token): logs in again when AppRole is set. When
   * another request already replaced that token, or a login is under way, it reuses the result instead
   * of logging in once per failed request.
   * @returns whether a newer token is available (the caller may then resend its request once)
   */
  async recover(rejected: string): Promise<boolean> {
    if (this.#token !== undefined && this.#token !== rejected) return true;
    if (!this.canLogin) return false;
    this.#pending ??= (async () => {
      this.#options.logger?.warn(
        { event: "vault.token.rejected" },
        "Vault rejected the token; logging in again with AppRole",
      );
      await this.login();
      return this.#requireToken();
    })().finally(() => {
      this.#pending = undefined;
    });
    await this.#pending;
    return true;
  }

  /** `POST auth/<mount>/login` with the AppRole credentials; the new token replaces the old one. */
  async login(): Promise<VaultAuth> {
    const appRole = this.#options.appRole;
    if (!appRole) throw new VaultConfigError(["AppRole login needs VAULT_ROLE_ID and VAULT_SECRET_ID"]);
    const answer = await this.#transport.send({
      method: "POST",
      path: "/auth/{approle_mount_path}/login",
      pathParams: { approle_mount_path: appRole.mount ?? "approle" },
      body: { role_id: appRole.roleId, secret_id: appRole.secretId },
    });
    const auth = (answer.body as VaultEnvelope<null>).auth as VaultAuth;
    this.#adopt(auth.client_token, auth.lease_duration, auth.renewable, true);
    this.#options.logger?.info(
      { event: "vault.login", leaseSeconds: auth.lease_duration, renewable: auth.renewable },
      "Logged in to Vault with AppRole",
    );
    return auth;
  }

  /** `POST auth/token/renew-self`; `increment` is a Go duration (`"1h"`) or seconds. */
  async renew(increment?: string | number): Promise<VaultAuth> {
    const token = this.#requireToken();
    const answer = await this.#transport.send({
      method: "POST",
      path: "/auth/token/renew-self",
      body: increment === undefined ? {} : { increment },
      token,
    });
    const envelope = answer.body as VaultEnvelope<null>;
    const auth = envelope.auth as VaultAuth;
    this.#adopt(token, auth.lease_duration, auth.renewable, false);
    this.#options.logger?.debug(
      { event: "vault.renew", leaseSeconds: auth.lease_duration, warnings: envelope.warnings },
      "Renewed the Vault token",
    );
    return auth;
  }

  /** `GET auth/token/lookup-self`: the token's own properties (its `id` is the token: do not log it). */
  async lookup(): Promise<TokenLookup> {
    const token = this.#requireToken();
    const answer = await this.#transport.send({ method: "GET", path: "/auth/token/lookup-self", token });
    const data = (answer.body as VaultEnvelope<TokenLookup>).data;
    const fresh = this.#expiresAt === undefined;
    this.#adopt(token, data.ttl, data.renewable ?? false, fresh, data.creation_ttl);
    return data;
  }

  #requireToken(): string {
    if (this.#token === undefined) throw new VaultConfigError(["no Vault token yet: log in first"]);
    return this.#token;
  }

  #adopt(
    token: string,
    leaseSeconds: number,
    renewable: boolean,
    resetLease: boolean,
    fullSeconds?: number,
  ): void {
    this.#token = token;
    this.#renewable = renewable;
    this.#expiresAt = leaseSeconds > 0 ? this.#options.now() + leaseSeconds * 1000 : Number.POSITIVE_INFINITY;
    if (resetLease || this.#fullLeaseMs === 0) this.#fullLeaseMs = (fullSeconds ?? leaseSeconds) * 1000;
  }

  #needsRefresh(): boolean {
    if (this.#expiresAt === undefined || this.#expiresAt === Number.POSITIVE_INFINITY) return false;
    const fraction = this.#options.renewAtRemainingFraction ?? 1 / 3;
    return this.#expiresAt - this.#options.now() <= this.#fullLeaseMs * fraction;
  }

  async #freshToken(): Promise<string> {
    if (this.#token === undefined) {
      await this.login();
      return this.#requireToken();
    }
    if (this.#expiresAt === undefined) await this.#learnStaticToken();
    if (this.#needsRefresh()) await this.#refresh();
    return this.#requireToken();
  }

  async #learnStaticToken(): Promise<void> {
    try {
      await this.lookup();
    } catch (error) {
      if (error instanceof VaultForbiddenError && error.reason !== "denied" && this.canLogin)
        await this.login();
      else if (error instanceof VaultForbiddenError && error.reason === "denied") {
        // a policy without lookup-self: the token may still work; treat its TTL as unknown but long
        this.#expiresAt = Number.POSITIVE_INFINITY;
      } else throw error;
    }
  }

  async #refresh(): Promise<void> {
    if (this.#renewable) {
      try {
        const auth = await this.renew();
        // capped by max_ttl: renewing again would not help, so log in now if we can
        const capped =
          auth.lease_duration * 1000 <= this.#fullLeaseMs * (this.#options.renewAtRemainingFraction ?? 1 / 3);
        if (!capped || !this.canLogin) return;
      } catch (error) {
        if (!(error instanceof VaultError) || !this.canLogin) throw error;
        this.#options.logger?.warn(
          { event: "vault.renew.failed", status: error.status },
          "Token renewal failed; logging in again",
        );
      }
    }
    if (this.canLogin) await this.login();
  }
}
