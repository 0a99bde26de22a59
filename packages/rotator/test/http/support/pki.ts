import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One certificate and its key: PEM text, and the files holding them (what VAULT_* settings name). */
export interface Issued {
  readonly cert: string;
  readonly key: string;
  readonly certPath: string;
  readonly keyPath: string;
}

/** A throwaway CA and what it signed, in a temporary directory; `remove` deletes it. */
export interface TestPki {
  readonly ca: Issued;
  /** For `vault.test`, `localhost` and `127.0.0.1`. */
  readonly server: Issued;
  /** For `vault.test` only: reached at 127.0.0.1, it checks only with VAULT_TLS_SERVER_NAME. */
  readonly namedServer: Issued;
  /** A client certificate (mTLS), signed by the same CA. */
  readonly client: Issued;
  /** A CA no client trusts, and a `127.0.0.1` certificate it signed. */
  readonly strangerServer: Issued;
  remove(): void;
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/** Made with the system's `openssl` (no certificate library is installed here). */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "keywarden-http-pki-"));
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  const issued = (name: string): Issued => ({
    cert: readFileSync(join(dir, `${name}.pem`), "utf8"),
    key: readFileSync(join(dir, `${name}.key`), "utf8"),
    certPath: join(dir, `${name}.pem`),
    keyPath: join(dir, `${name}.key`),
  });
  const selfSigned = (name: string, subject: string) =>
    openssl(
      "req",
      "-x509",
      ...EC,
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.pem`,
      "-days",
      "2",
      "-subj",
      subject,
    );
  const sign = (name: string, ca: string, subject: string, extensions: string) => {
    openssl("req", ...EC, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject);
    writeFileSync(join(dir, `${name}.ext`), `${extensions}\n`);
    openssl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      `${ca}.pem`,
      "-CAkey",
      `${ca}.key`,
      "-CAcreateserial",
      "-out",
      `${name}.pem`,
      "-days",
      "2",
      "-extfile",
      `${name}.ext`,
    );
  };
  selfSigned("ca", "/CN=Keywarden Test CA");
  sign("server", "ca", "/CN=vault.test", "subjectAltName=DNS:vault.test,DNS:localhost,IP:127.0.0.1");
  sign("named", "ca", "/CN=vault.test", "subjectAltName=DNS:vault.test");
  sign("client", "ca", "/CN=keywarden-rotator", "extendedKeyUsage=clientAuth");
  selfSigned("stranger-ca", "/CN=Someone Else's CA");
  sign("stranger", "stranger-ca", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1");
  return {
    ca: issued("ca"),
    server: issued("server"),
    namedServer: issued("named"),
    client: issued("client"),
    strangerServer: issued("stranger"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
