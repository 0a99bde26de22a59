import createClient from "openapi-fetch";
import {
  VaultBadRequestError,
  VaultCasMismatchError,
  VaultConnectionError,
  VaultError,
  VaultForbiddenError,
  VaultNotFoundError,
  type VaultRequestInfo,
  VaultSealedError,
  VaultServerError,
  VaultStandbyError,
  type VaultVersionState,
} from "./errors.js";
import type { paths } from "./generated/vault.js";
import { redactAnswer, secretsOf } from "./redact.js";

/**
 * An API path of the generated spec, e.g. `/{kv_v2_mount_path}/data/{path}`, or one of the few sys
 * paths typed by hand: the spec is a verbatim subset of Vault's own and does not hold them.
 */
export type VaultApiPath = keyof paths | "/sys/capabilities-self";

/** One call to Vault. */
export interface VaultCall {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: VaultApiPath;
  pathParams?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Default `application/json` when there is a body. */
  contentType?: string;
  /** Sent as `X-Vault-Token` when set. */
  token?: string;
  /** Statuses returned as answers instead of thrown (health uses 429/472/473/501/503). */
  acceptStatuses?: readonly number[];
}

/** A successful (or accepted) answer: the status and the parsed JSON body, if any. */
export interface VaultAnswer {
  status: number;
  body: unknown;
}

/** Settings of {@link createTransport}. */
export interface TransportOptions {
  /** `VAULT_ADDR`, e.g. `https://vault.example.com:8200`. */
  address: string;
  /** Sent as `X-Vault-Namespace` (Enterprise / HCP). */
  namespace?: string;
  /** An HTTP stack's fetch (deadlines, redirect rules, TLS). */
  fetch: (request: Request) => Promise<Response>;
}

/** Sends {@link VaultCall}s through openapi-fetch and turns failures into typed errors. */
export interface VaultTransport {
  send(call: VaultCall): Promise<VaultAnswer>;
}

/** Keeps `/` between the segments of a KV path (`keywarden/app`) while encoding each segment. */
export function serializeVaultPath(pathname: string, params: Record<string, unknown>): string {
  const filled = pathname.replace(/\{([^}]+)\}/g, (_, name: string) =>
    String(params[name] ?? "")
      .split("/")
      .map(encodeURIComponent)
      .join("/"),
  );
  // an empty or slash-ended KV path must not make `//`: Vault (Go's mux) would answer 301
  return filled.replace(/\/{2,}/g, "/");
}

/** Creates the transport. */
export function createTransport(options: TransportOptions): VaultTransport {
  const address = options.address.replace(/\/+$/, "");
  const client = createClient<paths>({
    baseUrl: `${address}/v1`,
    fetch: options.fetch,
    pathSerializer: serializeVaultPath,
  });
  return {
    async send(call) {
      const headers: Record<string, string> = { "X-Vault-Request": "true" };
      if (call.token !== undefined) headers["X-Vault-Token"] = call.token;
      if (options.namespace) headers["X-Vault-Namespace"] = options.namespace;
      if (call.body !== undefined) headers["Content-Type"] = call.contentType ?? "application/json";
      const info: VaultRequestInfo = {
        method: call.method,
        path: `/v1${serializeVaultPath(call.path, call.pathParams ?? {})}`,
      };
      let result: { data?: unknown; error?: unknown; response: Response };
      try {
        // the generated request types are too loose/strict for Vault's maps; the wire shapes are checked by hand
        result = await client.request(call.method.toLowerCase() as "get", call.path as "/sys/health", {
          params: { path: call.pathParams, query: call.query } as never,
          body: call.body as never,
          headers,
          parseAs: "text",
        });
      } catch (error) {
        throw new VaultConnectionError(info, error);
      }
      const { response } = result;
      const text = typeof result.data === "string" ? result.data : undefined;
      if (response.ok || call.acceptStatuses?.includes(response.status)) {
        const raw = text ?? (typeof result.error === "string" ? result.error : result.error);
        return { status: response.status, body: typeof raw === "string" ? parseJson(raw) : raw };
      }
      const body = redactAnswer(result.error, secretsOf(call));
      throw toVaultError(response.status, body, info, call.token !== undefined);
    },
  };
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorsOf(body: unknown): string[] {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? errors.map(String) : [];
}

function versionStateOf(body: unknown): VaultVersionState | undefined {
  const data = (body as { data?: Record<string, unknown> | null } | undefined)?.data;
  if (!data || typeof data !== "object") return undefined;
  // read answers nest it under metadata; a patch on a deleted version answers it flat (contract §4.4)
  const meta = (data.metadata ?? data) as Record<string, unknown>;
  if (typeof meta.version !== "number") return undefined;
  return {
    version: meta.version,
    createdTime: String(meta.created_time ?? ""),
    deletionTime: String(meta.deletion_time ?? ""),
    destroyed: meta.destroyed === true,
    customMetadata: (meta.custom_metadata as Record<string, string> | null) ?? null,
  };
}

/** Maps a non-success answer to the error class a caller decides on (contract §1.4–§1.5, §6). */
export function toVaultError(
  status: number,
  body: unknown,
  info: VaultRequestInfo,
  tokenSent: boolean,
): VaultError {
  const errors = errorsOf(body);
  const text = errors.join("; ");
  const message = `Vault ${info.method} ${info.path} failed with ${status}${text ? `: ${text}` : ""}`;
  if (status === 404) {
    const warnings = (body as { warnings?: unknown } | undefined)?.warnings;
    return new VaultNotFoundError(
      info,
      versionStateOf(body),
      Array.isArray(warnings) ? warnings.map(String) : [],
    );
  }
  if (status === 403) return new VaultForbiddenError(errors, info, tokenSent);
  if (status === 400 && text.includes("check-and-set parameter did not match the current version")) {
    return new VaultCasMismatchError(message, status, errors, info);
  }
  if (status === 503) return new VaultSealedError(message, status, errors, info);
  if (status === 429 || status === 472 || status === 473)
    return new VaultStandbyError(message, status, errors, info);
  if (status >= 500) return new VaultServerError(message, status, errors, info);
  if (status >= 400) return new VaultBadRequestError(message, status, errors, info);
  return new VaultError(message, status, errors, info);
}
