import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCliOptions } from "../../src/server/cli-options.js";
import { type MockBin, startMockBin } from "../support/mock-bin.js";

let mock: MockBin;
let output = "";

beforeAll(async () => {
  mock = await startMockBin(["--port", "0", "--vault-port", "0", "--quiet"]);
  output = mock.output();
});
afterAll(() => mock.stop());

describe("--vault-port: the Vault emulation on its own port", () => {
  it("is read from the flag or KEYWARDEN_MOCK_VAULT_PORT, and refused when not a port", () => {
    expect(parseCliOptions(["--vault-port", "8200"]).vaultPort).toBe(8200);
    expect(parseCliOptions([], { KEYWARDEN_MOCK_VAULT_PORT: "8201" }).vaultPort).toBe(8201);
    expect(parseCliOptions([]).vaultPort).toBeUndefined();
    expect(() => parseCliOptions(["--vault-port", "vault"])).toThrow("--vault-port must be an integer");
  });

  it("serves the same Vault on both ports: a secret written on the Vault port reads back on the main port", async () => {
    const main = /listening on (http:\/\/\S+)/.exec(output)![1]!;
    const vault = /vault: +(http:\/\/\S+)\/v1/.exec(output)![1]!;
    expect(vault).not.toBe(main);
    const headers = { "x-vault-token": "root", "content-type": "application/json" };
    const write = await fetch(`${vault}/v1/secret/data/keywarden/shared`, {
      method: "POST",
      headers,
      body: JSON.stringify({ data: { api_key: "not-a-real-key" } }),
    });
    expect(write.status).toBe(200);
    const read = await fetch(`${main}/v1/secret/data/keywarden/shared`, { headers });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { data: { data: unknown } }).data.data).toEqual({
      api_key: "not-a-real-key",
    });
    expect((await fetch(`${vault}/v1/sys/health`)).status).toBe(200);
  });
});
