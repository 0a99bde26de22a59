/**
 * The Vault client's errors: one class per thing a caller decides on. Every error carries the HTTP
 * `status` and Vault's `errors` array, and its message names the method and API path, never a token
 * or a secret value (`toJSON` holds the same safe fields).
 */
import { HttpStackError } from "./http/errors.js";

/** Where a failed call went: method and API path (no query values, no headers). */
export interface VaultRequestInfo {
  method: string;
  path: string;
}

/** Base class: any answer from Vault that is not a success. */
export class VaultError extends Error {
  override name = "VaultError";
  readonly status: number;
  readonly errors: readonly string[];
  readonly method: string;
  readonly path: string;

  constructor(
    message: string,
    status: number,
    errors: readonly string[],
    request: VaultRequestInfo,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.status = status;
    this.errors = errors;
    this.method = request.method;
    this.path = request.path;
  }

  /** Safe to log: name, message, status, errors, method, path. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      errors: this.errors,
      method: this.method,
      path: this.path,
    };
  }
}

/** What a 404 said about the version, when Vault knew it (a deleted or destroyed version). */
export interface VaultVersionState {
  version: number;
  createdTime: string;
  deletionTime: string;
  destroyed: boolean;
  customMetadata: Record<string, string> | null;
}

/**
 * 404. `version` is set when Vault answered with an envelope: the version exists but is soft-deleted
 * (`deleted`) or `destroyed`. Without it the key (or version) does not exist at all.
 */
export class VaultNotFoundError extends VaultError {
  override name = "VaultNotFoundError";
  readonly version: VaultVersionState | undefined;
  readonly warnings: readonly string[];

  constructor(request: VaultRequestInfo, version?: VaultVersionState, warnings: readonly string[] = []) {
    const what = version
      ? `version ${version.version} is ${version.destroyed ? "destroyed" : "deleted"}`
      : "not found";
    super(
      `Vault ${request.method} ${request.path}: ${what}${warnings.length ? ` (${warnings.join("; ")})` : ""}`,
      404,
      [],
      request,
    );
    this.version = version;
    this.warnings = warnings;
  }

  /** True when the version exists but was soft-deleted (it can be undeleted). */
  get deleted(): boolean {
    return this.version !== undefined && !this.version.destroyed && this.version.deletionTime !== "";
  }

  /** True when the version was destroyed for good. */
  get destroyed(): boolean {
    return this.version?.destroyed ?? false;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), version: this.version, warnings: this.warnings };
  }
}

/** Why Vault said 403. */
export type ForbiddenReason = "missing-token" | "invalid-token" | "denied";

/** 403: no token, an unknown/expired/revoked token (`invalid-token`), or a policy that does not allow it. */
export class VaultForbiddenError extends VaultError {
  override name = "VaultForbiddenError";
  readonly reason: ForbiddenReason;

  /** @param tokenSent whether the request carried a token (before Vault 1.17 a bad one got the bare text) */
  constructor(errors: readonly string[], request: VaultRequestInfo, tokenSent = true) {
    const text = errors.join(" ");
    const reason: ForbiddenReason = text.includes("invalid token")
      ? "invalid-token"
      : text.includes("1 error occurred")
        ? "denied"
        : tokenSent
          ? "invalid-token"
          : "missing-token";
    const hint =
      reason === "denied"
        ? "the token's policy does not grant this capability on this path"
        : reason === "invalid-token"
          ? "the token is unknown, expired or revoked"
          : "no token was sent";
    super(`Vault ${request.method} ${request.path}: permission denied (${hint})`, 403, errors, request);
    this.reason = reason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}

/** 400 and other 4xx answers: the request was wrong. */
export class VaultBadRequestError extends VaultError {
  override name = "VaultBadRequestError";
}

/** 400 `check-and-set parameter did not match the current version`: someone else wrote first. */
export class VaultCasMismatchError extends VaultBadRequestError {
  override name = "VaultCasMismatchError";
}

/** 503: the node is sealed (or otherwise unavailable); reads are retried, writes are not. */
export class VaultSealedError extends VaultError {
  override name = "VaultSealedError";
}

/** 429, 472, 473: a standby, DR secondary or performance standby answered. */
export class VaultStandbyError extends VaultError {
  override name = "VaultStandbyError";
}

/** Any other 5xx. */
export class VaultServerError extends VaultError {
  override name = "VaultServerError";
}

/**
 * The request got no usable HTTP answer: none at all (refused, reset, DNS, TLS), none complete by the
 * deadline, or a redirect the HTTP stack refuses to follow. `status` is 0.
 */
export class VaultConnectionError extends VaultError {
  override name = "VaultConnectionError";
  /** The system error code when there is one, e.g. `ECONNREFUSED`. */
  readonly code: string | undefined;

  constructor(request: VaultRequestInfo, cause: unknown) {
    const code = errorCode(cause);
    // The HTTP stack's own refusals (a deadline, a redirect elsewhere) say what happened, safely:
    // an answer may have begun (headers in, body stalled) or been a redirect.
    const what =
      cause instanceof HttpStackError ? cause.message : `no answer (${code ?? "connection failed"})`;
    super(`Vault ${request.method} ${request.path}: ${what}`, 0, [], request, { cause });
    this.code = code;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code };
  }
}

/** {@link writeWithCas} gave up: other writers kept winning. */
export class VaultCasConflictError extends VaultError {
  override name = "VaultCasConflictError";
  readonly attempts: number;

  constructor(request: VaultRequestInfo, attempts: number) {
    super(
      `Vault ${request.method} ${request.path}: check-and-set lost ${attempts} times in a row to concurrent writers; giving up`,
      400,
      ["check-and-set parameter did not match the current version"],
      request,
    );
    this.attempts = attempts;
  }
}

/** The client's settings are unusable; `problems` lists each (never a secret value). */
export class VaultConfigError extends Error {
  override name = "VaultConfigError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid Vault client configuration:\n- ${problems.join("\n- ")}`);
    this.problems = problems;
  }
}

function errorCode(cause: unknown): string | undefined {
  let current: unknown = cause;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
