import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClock } from "../../src/clock.js";
import { type RunningMockServer, startMockServer } from "../../src/server/node-adapter.js";
import { createVaultEmulation } from "../../src/vault/index.js";

const vault = createVaultEmulation({ clock: createClock("2026-03-01T12:00:00Z") });

async function exercise(base: string) {
  const headers = { "X-Vault-Token": "root", "X-Vault-Namespace": "team-a" };
  const write = await fetch(`${base}/v1/secret/data/http/a`, {
    method: "POST",
    headers,
    body: '{"data":{"k":"v"}}',
  });
  const body = await write.text();
  const del = await fetch(`${base}/v1/secret/data/http/a`, { method: "DELETE", headers });
  const deleted = await fetch(`${base}/v1/secret/data/http/a`, { headers });
  return { write, body, del, deleted, deletedBody: await deleted.text() };
}

function expectVaultHeaders(response: Response) {
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("content-type")).toBe("application/json");
  expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  expect(response.headers.get("x-vault-namespace")).toBe("team-a");
}

describe("the emulation over HTTP", () => {
  describe("in-process (msw setupServer)", () => {
    const server = setupServer(...vault.handlers);
    beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
    afterAll(() => server.close());

    it("sends Vault's headers on 200, 204 and 404, and the exact body bytes", async () => {
      vault.reset();
      const r = await exercise("http://vault.test:8200");
      expect(r.write.status).toBe(200);
      expect(r.body.endsWith("}\n")).toBe(true);
      expectVaultHeaders(r.write);
      expect(r.del.status).toBe(204);
      expectVaultHeaders(r.del);
      expect(r.deleted.status).toBe(404);
      expect(r.deletedBody.endsWith('"mount_type":""}')).toBe(true);
      expect([r.write.statusText, r.del.statusText, r.deleted.statusText]).toEqual([
        "OK",
        "No Content",
        "Not Found",
      ]);
    });
  });

  describe("over a real socket (node adapter)", () => {
    let running: RunningMockServer;
    beforeAll(async () => {
      running = await startMockServer({ handlers: vault.handlers, port: 0 });
    });
    afterAll(() => running.close());

    it("serves the same bytes and headers", async () => {
      vault.reset();
      const r = await exercise(running.url);
      expect([r.write.status, r.del.status, r.deleted.status]).toEqual([200, 204, 404]);
      expect([r.write.statusText, r.del.statusText, r.deleted.statusText]).toEqual([
        "OK",
        "No Content",
        "Not Found",
      ]);
      expectVaultHeaders(r.write);
      expectVaultHeaders(r.del);
      expect(JSON.parse(r.body).data.version).toBe(1);
      expect(JSON.parse(r.deletedBody).data.data).toBeNull();
      const health = await fetch(`${running.url}/v1/sys/health`);
      expect([health.status, (await health.text()).endsWith("}\n")]).toEqual([200, true]);
    });
  });
});
