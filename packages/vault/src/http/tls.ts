import { readFileSync } from "node:fs";

/** TLS for one origin, as Node's `tls.connect` takes it: PEM text, not paths. */
export interface TlsSettings {
  /** CA(s) to trust instead of the system store. */
  readonly ca?: string;
  /** Client certificate and key, for servers that require one (mTLS). */
  readonly cert?: string;
  readonly key?: string;
  /** The name to send (SNI) and to check the server's certificate against, when not the host's. */
  readonly servername?: string;
  /** False only when the operator turned certificate checks off (`VAULT_SKIP_VERIFY`). */
  readonly rejectUnauthorized: boolean;
}

/** Where each PEM comes from: a file path, or (for library callers) the PEM text itself. */
export interface TlsSources {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly servername?: string;
  readonly skipVerify?: boolean;
}

/**
 * Reads the PEM files once, at start, so a missing or unreadable file stops the process there with
 * the setting's name and the path (never the content, a key among them).
 * @param names the settings each source came from, for the message (e.g. `VAULT_CACERT`)
 */
export function readTlsSettings(
  sources: TlsSources,
  names: { readonly ca: string; readonly cert: string; readonly key: string },
): TlsSettings {
  const ca = pem(sources.ca, names.ca);
  const cert = pem(sources.cert, names.cert);
  const key = pem(sources.key, names.key);
  return {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(sources.servername ? { servername: sources.servername } : {}),
    rejectUnauthorized: sources.skipVerify !== true,
  };
}

function pem(source: string | undefined, name: string): string | undefined {
  if (source === undefined) return undefined;
  if (source.includes("-----BEGIN")) return source;
  try {
    return readFileSync(source, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new Error(`${name}: cannot read ${source} (${code})`);
  }
}
