import { readFileSync } from "node:fs";
import { Agent, request as httpsRequest } from "node:https";

/** TLS settings, as the Vault CLI reads them from `VAULT_CACERT`, `VAULT_CLIENT_CERT`, ... */
export interface VaultTlsOptions {
  /** PEM text of the CA(s) to trust instead of the system store. */
  caCert?: string;
  /** Path of a PEM file of CA(s) (`VAULT_CACERT`). */
  caCertPath?: string;
  /** Client certificate and key (PEM text or file paths) for TLS client auth. */
  clientCert?: string;
  clientKey?: string;
  /** `VAULT_TLS_SERVER_NAME`: the name to verify the server certificate against. */
  serverName?: string;
  /** `VAULT_SKIP_VERIFY`: do not verify the server certificate. For development only. */
  insecureSkipVerify?: boolean;
}

function pem(valueOrPath: string | undefined): string | undefined {
  if (valueOrPath === undefined) return undefined;
  return valueOrPath.includes("-----BEGIN") ? valueOrPath : readFileSync(valueOrPath, "utf8");
}

/** True when any TLS option is set, so the global fetch (system CAs) will not do. */
export function hasTlsOptions(tls: VaultTlsOptions | undefined): boolean {
  return tls !== undefined && Object.values(tls).some((v) => v !== undefined && v !== false);
}

/**
 * A fetch for `https:` Vault addresses with custom trust (a CA file, client certificates), built on
 * `node:https` so no extra HTTP library is needed. `http:` requests go to the global fetch.
 */
export function createTlsFetch(tls: VaultTlsOptions): (request: Request) => Promise<Response> {
  const ca = pem(tls.caCert) ?? pem(tls.caCertPath);
  const agent = new Agent({
    keepAlive: true,
    ...(ca ? { ca } : {}),
    ...(tls.clientCert ? { cert: pem(tls.clientCert) } : {}),
    ...(tls.clientKey ? { key: pem(tls.clientKey) } : {}),
    ...(tls.serverName ? { servername: tls.serverName } : {}),
    rejectUnauthorized: !tls.insecureSkipVerify,
  });
  return async (request) => {
    const url = new URL(request.url);
    if (url.protocol !== "https:") return globalThis.fetch(request);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    return new Promise<Response>((resolve, reject) => {
      const outgoing = httpsRequest(
        url,
        { method: request.method, headers: Object.fromEntries(request.headers), agent },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("error", reject);
          incoming.on("end", () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(incoming.headers)) {
              if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
            }
            const status = incoming.statusCode ?? 502;
            const noBody = status === 204 || status === 304 || request.method === "HEAD";
            resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers }));
          });
        },
      );
      outgoing.on("error", reject);
      request.signal?.addEventListener("abort", () => outgoing.destroy(new Error("aborted")), { once: true });
      outgoing.end(body);
    });
  };
}
