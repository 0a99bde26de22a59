import { createHash } from "node:crypto";
import fc from "fast-check";
import { getResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { ProfileName } from "../../src/http/profiles/index.js";
import { createKeyServiceMock, type KeyServiceMock } from "../../src/key-service-mock.js";
import { startMockServer } from "../../src/server/node-adapter.js";
import { sendRaw } from "../hostile/hostile-server.js";
import { type Call, call } from "./generated-calls.js";

// The two front ends must answer alike: the same generated requests go to one mock through msw
// (getResponse, as setupServer would) and to a twin through the standalone server over a socket.
// Both mocks share the clock's start and a seeded random source, so secrets, tokens and ids agree,
// and each answer must be the same status, reason phrase, headers (but the transport's own) and body.

/** Headers the transport adds or drops: node:http writes them, a fetch Response has none. */
const TRANSPORT_HEADERS = new Set([
  "date",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
]);

/** A deterministic byte source (SHA-256 in counter mode), the same for both twins. */
function seededRandomBytes(seed: number) {
  let counter = 0;
  return (size: number) => {
    const out = Buffer.alloc(size);
    for (let at = 0; at < size; at += 32) {
      createHash("sha256").update(`${seed}:${counter++}`).digest().copy(out, at);
    }
    return out;
  };
}

function twin(profile: ProfileName, seed: number): KeyServiceMock {
  return createKeyServiceMock({
    profile,
    admin: true,
    now: "2026-06-01T00:00:00Z",
    randomBytes: seededRandomBytes(seed),
    random: () => 0.25,
    seed: {
      alertCount: 40,
      keys: [{ owner: "admin", name: "known", secret: "known-secret-known-secret-known-secret-kno" }],
    },
  });
}

interface Seen {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

function headersOf(entries: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of entries)
    if (!TRANSPORT_HEADERS.has(name.toLowerCase())) out[name.toLowerCase()] = value;
  return out;
}

function credentialHeaders(auth: Call["auth"], jwt: string): Record<string, string> {
  if (auth === "jwt") return { authorization: `Bearer ${jwt}` };
  if (auth === "api-key") return { "utm-api-key": "known-secret-known-secret-known-secret-kno" };
  if (auth === "wrong-key") return { "utm-api-key": "wrong-secret" };
  if (auth === "vault") return { "x-vault-token": "root" };
  return {};
}

describe.each(["documented", "utmstack-v11"] as const)("the two front ends (%s)", (profile) => {
  it("answer every request byte for byte alike, and leave the same state", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.array(call, { minLength: 1, maxLength: 20 }), async (seed, calls) => {
        const inProcess = twin(profile, seed);
        const overSocket = twin(profile, seed);
        const server = await startMockServer({ handlers: overSocket.handlers, now: overSocket.clock.now });
        try {
          const origin = server.url;
          const login = async (send: (call: Call) => Promise<Seen | "none">) => {
            const answer = await send({
              method: "POST",
              path: "/api/authenticate",
              auth: "none",
              body: '{"username":"admin","password":"admin"}',
              headers: { "x-bypass-tfa": "true" },
            });
            const body = answer === "none" ? {} : (JSON.parse(answer.body) as Record<string, string>);
            return body.id_token ?? body.token ?? "";
          };
          let jwt = "";
          const viaMsw = async (c: Call): Promise<Seen | "none"> => {
            const headers = { ...credentialHeaders(c.auth, jwt), ...c.headers };
            const hasBody = c.body !== undefined && c.method !== "GET" && c.method !== "HEAD";
            if (hasBody) headers["content-type"] ??= "application/json";
            const request = new Request(`${origin}${c.path}`, {
              method: c.method,
              headers,
              body: hasBody ? c.body : undefined,
            });
            const response = await getResponse(inProcess.handlers, request);
            if (response === undefined) return "none";
            if (response.type === "error")
              return { status: 0, statusText: "network error", headers: {}, body: "" };
            return {
              status: response.status,
              statusText: response.statusText,
              headers: headersOf(response.headers),
              body: await response.text(),
            };
          };
          const viaSocket = async (c: Call): Promise<Seen | "none"> => {
            const headers = { ...credentialHeaders(c.auth, jwt), ...c.headers };
            const hasBody = c.body !== undefined && c.method !== "GET" && c.method !== "HEAD";
            if (hasBody) headers["content-type"] ??= "application/json";
            // node's client sends a DELETE body with neither length nor chunking: say its length
            if (hasBody) headers["content-length"] = String(Buffer.byteLength(c.body ?? ""));
            let answer: Awaited<ReturnType<typeof sendRaw>>;
            try {
              answer = await sendRaw(origin, {
                method: c.method,
                path: c.path,
                headers,
                body: hasBody ? c.body : undefined,
              });
            } catch {
              return { status: 0, statusText: "network error", headers: {}, body: "" };
            }
            // the server's own 404 for a request no service owns (a HEAD carries only its header)
            const serverOwn =
              c.method === "HEAD"
                ? !("x-utmstack-error" in answer.headers || "cache-control" in answer.headers)
                : answer.body.includes("No mock route");
            if (answer.status === 404 && serverOwn) return "none";
            const entries: [string, string][] = Object.entries(answer.headers).map(([name, value]) => [
              name,
              Array.isArray(value) ? value.join(", ") : String(value),
            ]);
            return {
              status: answer.status,
              statusText: answer.statusText,
              headers: headersOf(entries),
              body: answer.body,
            };
          };
          const jwtMsw = await login(viaMsw);
          const jwtSocket = await login(viaSocket);
          expect(jwtSocket).toBe(jwtMsw);
          jwt = jwtMsw;
          for (const c of calls) {
            const expected = await viaMsw(c);
            const actual = await viaSocket(c);
            expect({ call: c, answer: actual }).toEqual({ call: c, answer: expected });
          }
          expect(overSocket.store.snapshot()).toEqual(inProcess.store.snapshot());
          expect(overSocket.store.usage).toEqual(inProcess.store.usage);
          expect([...overSocket.vault!.state.mounts.get("secret")!.keys.keys()]).toEqual([
            ...inProcess.vault!.state.mounts.get("secret")!.keys.keys(),
          ]);
        } finally {
          await server.close();
        }
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
