import { request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { handleVaultRequest } from "../../src/vault/index.js";
import { normalise } from "../vault/vault-test-kit.js";
import { useHostileServer } from "./hostile-server.js";

const hostile = useHostileServer();
const vaultToken = { "x-vault-token": "root" };
const ROOT_VAULT_HEADERS = { ...vaultToken, "content-type": "application/json" };

/** Writes raw bytes on one connection and collects everything until the server closes it. */
function rawExchange(bytes: string): Promise<string> {
  const url = new URL(hostile.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk;
    });
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
    socket.setTimeout(2000, () => socket.destroy());
  });
}

describe("odd percent-encodings are a 400 in each server's own shape", () => {
  it.each([
    "/api/api-keys/%ZZ",
    "/api/api-keys/%ff",
    "/api/api-keys/%E0%A4%A",
    "/api/nowhere/%ZZ",
    "/__mock/%ff",
  ])("UTMStack's shape for %s: the reason in X-UtmStack-error, no body, as the spec's 400", async (path) => {
    const answer = await hostile.fast({ path });
    expect([answer.status, answer.body]).toEqual([400, ""]);
    expect(answer.headers["x-utmstack-error"]).toBe(
      "Request path has a malformed percent-escape or escaped bytes that are not UTF-8",
    );
    await hostile.stillServes();
  });

  it.each(["/v1/secret/data/%ZZ", "/v1/secret/data/a%E0%A4%A"])(
    "Go's own 400 for the malformed escape %s (net/http answers before Vault)",
    async (path) => {
      const answer = await hostile.fast({ path, headers: vaultToken });
      expect([answer.status, answer.body]).toEqual([400, "400 Bad Request"]);
      expect(answer.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(answer.headers.connection).toBe("close");
      await hostile.stillServes();
    },
  );

  it("Vault reads %ff (a valid escape, not UTF-8) as Go does: a path like any other", async () => {
    const answer = await hostile.fast({ path: "/v1/secret/data/%ff", headers: vaultToken });
    expect([answer.status, answer.body]).toEqual([404, '{"errors":[]}\n']);
  });
});

describe("Vault's own answers under /v1, not the key service's", () => {
  it.each([
    ["/v1/secret/data/a/../b", "/v1/secret/data/b"],
    ["/v1/secret/data/a/%2e%2e/b", "/v1/secret/data/b"],
    ["/v1/secret/data//a", "/v1/secret/data/a"],
    ["/v1/secret/data/./a", "/v1/secret/data/a"],
  ])("%s redirects to the cleaned path, as Go's ServeMux", async (path, location) => {
    const answer = await hostile.fast({ path, headers: vaultToken });
    expect([answer.status, answer.headers.location, answer.body]).toEqual([301, location, ""]);
  });

  it("%2F inside a key name is a path separator", async () => {
    const write = await hostile.fast({
      method: "POST",
      path: "/v1/secret/data/team%2Fapp",
      headers: ROOT_VAULT_HEADERS,
      body: JSON.stringify({ data: { k: "v" } }),
    });
    expect(write.status).toBe(200);
    const read = await hostile.fast({ path: "/v1/secret/data/team/app", headers: vaultToken });
    expect(JSON.parse(read.body).data.data).toEqual({ k: "v" });
  });

  it("a 2 MiB body is Vault's to judge (its limit is 32 MiB), not the adapter's 1 MiB", async () => {
    const value = "x".repeat(600_000);
    const body = JSON.stringify({ data: { a: value, b: value, c: value, d: value } });
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const answer = await hostile.fast({
      method: "POST",
      path: "/v1/secret/data/big",
      headers: ROOT_VAULT_HEADERS,
      body,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).data.version).toBe(1);
  });

  it("a body over 32 MiB is Vault's 413, sent before the body is read", async () => {
    const url = new URL(hostile.url);
    const started = performance.now();
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: "POST",
          path: "/v1/secret/data/huge",
          headers: { ...ROOT_VAULT_HEADERS, "content-length": String(33 * 1024 * 1024) },
        },
        (res) => {
          let text = "";
          res.on("data", (chunk) => {
            text += chunk;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("error", reject);
      req.write('{"data":{"a":"');
    });
    expect(performance.now() - started).toBeLessThan(300);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({
      errors: ["error parsing JSON: failed to parse JSON input: http: request body too large"],
    });
    await hostile.stillServes();
  });

  it("a 2 MiB body to the key service is still the adapter's 413", async () => {
    const answer = await hostile.fast({
      method: "POST",
      path: "/api/api-keys",
      body: "x".repeat(2 * 1024 * 1024),
    });
    expect(answer.status).toBe(413);
    await hostile.stillServes();
  });
});

describe("LIST over a real socket", () => {
  it("answers exactly as the pure emulation does, then closes the connection", async () => {
    await hostile.authed({
      method: "POST",
      path: "/v1/secret/data/listed/one",
      headers: ROOT_VAULT_HEADERS,
      body: JSON.stringify({ data: { k: 1 } }),
    });
    const started = performance.now();
    const text = await rawExchange(
      "LIST /v1/secret/metadata/listed HTTP/1.1\r\nHost: x\r\nX-Vault-Token: root\r\n\r\n",
    );
    expect(performance.now() - started).toBeLessThan(300);
    const [head = "", body = ""] = text.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head.toLowerCase()).toContain("connection: close");
    const expected = handleVaultRequest(hostile.mock.vault!.state, {
      method: "LIST",
      url: new URL("http://x/v1/secret/metadata/listed"),
      headers: new Headers(vaultToken),
      body: "",
    });
    expect(normalise(body)).toBe(normalise(expected.body));
    expect(JSON.parse(body).data).toEqual({ keys: ["one"] });
  });

  it("works after other requests on the same connection, and for a request split across packets", async () => {
    const url = new URL(hostile.url);
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          "GET /v1/sys/health HTTP/1.1\r\nHost: x\r\n\r\nLIST /v1/secret/metadata/ HTTP/1.1\r\nHost: x\r\n",
        );
        setTimeout(() => socket.write("X-Vault-Token: root\r\n\r\n"), 50);
      });
      let received = "";
      socket.on("data", (chunk) => {
        received += chunk;
      });
      socket.on("close", () => resolve(received));
      socket.on("error", reject);
      socket.setTimeout(2000, () => socket.destroy());
    });
    const answers = text.split(/(?=HTTP\/1\.1 )/);
    expect(answers.map((answer) => answer.slice(0, 15))).toEqual(["HTTP/1.1 200 OK", "HTTP/1.1 200 OK"]);
    expect(JSON.parse(answers[1]!.split("\r\n\r\n")[1]!).data.keys).toContain("listed/");
  });

  it("lists keys for node-vault, a client nobody here wrote", async () => {
    const require = createRequire(import.meta.url);
    const nodeVault = require("node-vault") as (options: object) => {
      write(path: string, data: unknown): Promise<unknown>;
      list(path: string): Promise<{ data: { keys: string[] } }>;
    };
    const vault = nodeVault({ apiVersion: "v1", endpoint: hostile.url, token: "root" });
    await vault.write("secret/data/node-vault/a", { data: { x: 1 } });
    await vault.write("secret/data/node-vault/dir/b", { data: { x: 2 } });
    const listed = await vault.list("secret/metadata/node-vault");
    expect(listed.data.keys).toEqual(["a", "dir/"]);
    await expect(vault.list("secret/metadata/nothing-here")).rejects.toThrow(/404/);
    await hostile.stillServes();
  });

  it("any other unknown method is still a 400 on a closed connection", async () => {
    const text = await rawExchange("BREW /v1/secret/data/x HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(text.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    await hostile.stillServes();
  });
});
