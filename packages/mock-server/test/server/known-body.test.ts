import { getResponse } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAdapterRequest } from "../../src/http/adapter-request.js";
import { answering, knownBodyOf, responseWithKnownBody } from "../../src/http/known-body.js";
import { createKeyServiceMock } from "../../src/key-service-mock.js";
import { type RunningMockServer, startMockServer } from "../../src/server/node-adapter.js";

const NOW = Date.parse("2026-03-01T00:00:00Z");

describe("known bodies", () => {
  it("in-process responses carry their body as a stream, as any Response", async () => {
    const request = new Request("http://utm.test/x");
    const response = answering(request, () => responseWithKnownBody('{"a":1}', { status: 200 }));
    expect(response.headers.get("content-type")).toBe("text/plain;charset=UTF-8");
    expect(await response.text()).toBe('{"a":1}');
  });

  it("responses to the node adapter skip the stream but keep the text and the default type", () => {
    const request = new Request("http://utm.test/x");
    registerAdapterRequest(request, new URL(request.url), { rawPath: new URL(request.url).pathname });
    const response = answering(request, () => responseWithKnownBody("hi", { status: 201 }));
    expect(response.body).toBeNull();
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("text/plain;charset=UTF-8");
    expect(knownBodyOf(response)).toBe("hi");
    // outside the handler's synchronous run, responses are built the usual way again
    expect(responseWithKnownBody("later", { status: 200 }).body).not.toBeNull();
  });
});

describe("standalone answers equal in-process answers", () => {
  const secret = "known-body-secret-known-body-secret-known-b";
  const options = {
    now: NOW,
    profile: "utmstack-v11" as const,
    vault: false,
    seed: { keys: [{ owner: "admin", name: "ci", secret }] },
  };
  const standalone = createKeyServiceMock(options);
  const inProcess = createKeyServiceMock(options);
  let server: RunningMockServer;
  beforeAll(async () => {
    server = await startMockServer({ handlers: standalone.handlers, port: 0 });
  });
  afterAll(() => server.close());

  it("same status, headers and bytes for a success and a refused key; the usage log reads the refusal's body", async () => {
    for (const key of [secret, "W".repeat(43)]) {
      const init = { headers: { "utm-api-key": key } };
      const overSocket = await fetch(`${server.url}/api/api-keys?size=5`, init);
      const direct = await getResponse(
        inProcess.handlers,
        new Request("http://127.0.0.1/api/api-keys?size=5", init),
      );
      expect(overSocket.status).toBe(direct?.status);
      expect(overSocket.headers.get("content-type")).toBe(direct?.headers.get("content-type"));
      expect(await overSocket.text()).toBe(await direct?.text());
    }
    const refused = standalone.store.usage.at(-1);
    expect(refused?.statusCode).toBe("500");
    expect(JSON.parse(refused?.errorMessage ?? "null")).toEqual({
      timestamp: "2026-03-01T00:00:00.000+00:00",
      status: 500,
      error: "Internal Server Error",
      path: "/api/api-keys",
    });
    expect(inProcess.store.usage.at(-1)?.errorMessage).toBe(refused?.errorMessage);
  });
});
