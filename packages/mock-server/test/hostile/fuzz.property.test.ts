import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultResponseValidator } from "../../../../specs/tools/response-validator.js";
import { MAX_FAULTS } from "../../src/faults/registry.js";
import { createKeyServiceMock } from "../../src/key-service-mock.js";
import { type RunningMockServer, startMockServer } from "../../src/server/node-adapter.js";
import { anyRequest, type Generated } from "./fuzz-requests.js";
import { type RawAnswer, sendRaw } from "./hostile-server.js";

// Generated requests, valid and hostile, against the standalone mock over a real socket. Whatever
// is sent: no 5xx but an injected fault's (or Vault's own 500 for a JSON body over its limits), an
// answer the spec allows on every route it describes, an answer within a second, bounded memory, and
// a key store that changed only as the answers said (a model kept from them).

const USAGE_LOG_LIMIT = 300;
const mock = createKeyServiceMock({ admin: true, usageLogLimit: USAGE_LOG_LIMIT });
let server: RunningMockServer;
let jwt = "";
let apiKey = "";

beforeAll(async () => {
  server = await startMockServer({ handlers: mock.handlers, port: 0, now: mock.clock.now });
  const login = await fetch(`${server.url}/api/authenticate`, {
    method: "POST",
    body: JSON.stringify({ username: "admin", password: "admin" }),
  });
  jwt = ((await login.json()) as { id_token: string }).id_token;
  const auth = { authorization: `Bearer ${jwt}`, "content-type": "application/json" };
  const key = await fetch(`${server.url}/api/api-keys`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ name: "fuzz", allowedIp: [] }),
  }).then((response) => response.json() as Promise<{ id: number }>);
  apiKey = await fetch(`${server.url}/api/api-keys/${key.id}/generate`, {
    method: "POST",
    headers: auth,
  }).then((response) => response.text());
});
afterAll(() => server.close());

type Answer = RawAnswer;

function headersOf(generated: Generated): Record<string, string> {
  const headers: Record<string, string> = {};
  if (generated.contentType) headers["content-type"] = generated.contentType;
  // node:http sends a GET or DELETE body unframed unless its length is given
  if (generated.body !== undefined) headers["content-length"] = String(Buffer.byteLength(generated.body));
  if (generated.origin) headers.origin = generated.origin;
  if (generated.credentials === "jwt") headers.authorization = `Bearer ${jwt}`;
  if (generated.credentials === "api-key") headers["utm-api-key"] = apiKey;
  if (generated.credentials === "wrong-key") headers["utm-api-key"] = "wrong";
  if (generated.credentials === "vault-root") headers["x-vault-token"] = "root";
  if (generated.credentials === "vault-wrong") headers["x-vault-token"] = "nope";
  return headers;
}

/** Sends a generated request; a connection the server cuts counts as "dropped". */
function send(generated: Generated, target: string): Promise<Answer | "dropped"> {
  return sendRaw(server.url, {
    method: generated.method,
    path: target,
    headers: headersOf(generated),
    ...(generated.body === undefined ? {} : { body: generated.body }),
  }).catch(() => "dropped" as const);
}

// Vault answers a JSON body over its limits with 500 (http/util.go wrapJSONLimitsHandler)
const VAULT_JSON_LIMITS = /exceeds allowed|duplicate key/;

/**
 * Vault's published spec describes only `data`; what every answer must be is in kv2-contract.md §1:
 * an envelope, `{"errors":[…]}`, an empty body, or Go's own plain-text 400 before Vault runs.
 */
function checkVaultShape(answer: Answer, where: string): void {
  if (answer.body === "" || answer.body === "400 Bad Request") return;
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  const isErrors = Array.isArray(body.errors) && body.errors.every((error) => typeof error === "string");
  expect(isErrors || typeof body.request_id === "string", where).toBe(true);
}

function checkAnswer(generated: Generated, target: string, answer: Answer, faultsOn: boolean): void {
  const where = `${generated.method} ${target} → ${answer.status} ${answer.body.slice(0, 200)}`;
  expect(answer.ms, where).toBeLessThan(1000);
  const injected = answer.headers["x-keywarden-fault"] !== undefined;
  if (answer.status >= 500 && !injected) {
    expect(target.startsWith("/v1/") && VAULT_JSON_LIMITS.test(answer.body), where).toBe(true);
  }
  if (injected) expect(faultsOn, where).toBe(true);
  // a path that `..` takes out of /v1/ (`/v1/..`) is routed as URL parsing normalises it (Go would
  // redirect it, see the README)
  const servedAt = URL.canParse(`http://x${target}`) ? new URL(`http://x${target}`).pathname : "";
  if (servedAt.startsWith("/v1/") && !injected) checkVaultShape(answer, where);
  if (!target.startsWith("/api/") || injected || generated.method === "HEAD") return;
  const validator = defaultResponseValidator();
  const pathOnly = target.split("?")[0]!;
  if (!validator.operationFor(generated.method, pathOnly)) return;
  const contentType = String(answer.headers["content-type"] ?? "");
  let parsed: unknown = answer.body === "" ? undefined : answer.body;
  if (answer.body !== "" && contentType.includes("json")) parsed = JSON.parse(answer.body);
  const problems = validator.validate({
    method: generated.method,
    path: pathOnly,
    status: answer.status,
    headers: answer.headers,
    body: parsed,
  });
  expect(problems, where).toEqual([]);
}

/** The part of a key the model predicts: what the answers say, nothing the clock or a caller's use moves. */
interface ModelKey {
  name: string;
  status: string;
  hasSecret: boolean;
}
type Model = Map<number, ModelKey>;

async function stateKeys(): Promise<Model> {
  const state = (await (await fetch(`${server.url}/__mock/state`)).json()) as {
    keys: Array<{ id: number; name: string; status: string; hasSecret: boolean }>;
  };
  return new Map(state.keys.map(({ id, name, status, hasSecret }) => [id, { name, status, hasSecret }]));
}

/**
 * The model's step: the key store changes exactly as a successful answer says (a created, renamed,
 * revoked, regenerated or deleted key), and not at all otherwise, whatever the request carried. A reset
 * or seed through the controls is a new start, taken from the server.
 */
async function applyToModel(model: Model, method: string, target: string, answer: Answer): Promise<Model> {
  if (answer.status < 200 || answer.status >= 300 || answer.headers["x-keywarden-fault"] !== undefined) {
    return model;
  }
  if (!URL.canParse(`http://x${target}`)) return model;
  const path = new URL(`http://x${target}`).pathname.toLowerCase().replace(/(.)\/$/, "$1");
  if (/^\/__mock\/(reset|seed)$/.test(path)) return stateKeys();
  const body = () => JSON.parse(answer.body) as { id: number; name: string; status: string };
  if (method === "POST" && path === "/api/api-keys") {
    const created = body();
    model.set(created.id, { name: created.name, status: created.status, hasSecret: false });
  }
  const one = /^\/api\/api-keys\/([^/]+)(?:\/(generate|revoke))?$/.exec(path);
  if (!one) return model;
  const id = Number(decodeURIComponent(one[1]!));
  const known = model.get(id);
  if (method === "DELETE" && !one[2]) model.delete(id);
  if (method === "PUT" && !one[2] && known) model.set(id, { ...known, name: body().name });
  if (method === "POST" && one[2] === "revoke" && known) model.set(id, { ...known, status: "REVOKED" });
  if (method === "POST" && one[2] === "generate" && known) model.set(id, { ...known, hasSecret: true });
  return model;
}

describe("fuzzing the standalone mock", () => {
  it("never fails, freezes or leaks on generated requests", async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    await fc.assert(
      fc.asyncProperty(fc.array(anyRequest, { minLength: 1, maxLength: 4 }), async (requests) => {
        let faultsOn = false;
        let model = await stateKeys();
        try {
          for (const generated of requests) {
            const search = generated.query.map(([name, value]) => `${name}=${value}`).join("&");
            const target = search ? `${generated.path}?${search}` : generated.path;
            const answer = await send(generated, target);
            if (
              generated.path.startsWith("/__mock/faults") &&
              answer !== "dropped" &&
              answer.status === 201
            ) {
              faultsOn = true;
            }
            if (answer === "dropped") {
              expect(faultsOn, `${generated.method} ${target} dropped`).toBe(true);
              continue;
            }
            checkAnswer(generated, target, answer, faultsOn);
            model = await applyToModel(model, generated.method, target, answer);
          }
          mock.faults.clear();
          expect(await stateKeys()).toEqual(model);
        } finally {
          mock.faults.clear();
        }
      }),
      { numRuns: 1500, interruptAfterTimeLimit: 15_000 },
    );
    expect(mock.store.usageLog.size).toBeLessThanOrEqual(USAGE_LOG_LIMIT);
    expect(mock.faults.list().length).toBeLessThanOrEqual(MAX_FAULTS);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
    const health = await fetch(`${server.url}/v1/sys/health`);
    expect(health.status).toBe(200);
  }, 30_000);
});
