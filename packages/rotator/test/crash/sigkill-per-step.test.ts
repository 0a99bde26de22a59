import type { FaultRule } from "@keywarden/mock-server";
import { describe, expect, it } from "vitest";
import { convergenceViolations } from "../../src/rotation/invariants.js";
import { closedAfterEach } from "../support/closed-after-each.js";
import { standaloneWorld } from "./standalone-world.js";

/** For each step: the request the step sends (held by a latency fault so the kill lands inside it). */
const STEPS: { step: string; fault: Omit<FaultRule, "latencyMs" | "times">; arrival: RegExp }[] = [
  { step: "create", fault: { path: "/api/api-keys", method: "POST" }, arrival: /^POST \/api\/api-keys$/ },
  {
    step: "generate",
    fault: { path: "/api/api-keys/:id/generate", method: "POST" },
    arrival: /^POST \/api\/api-keys\/\d+\/generate$/,
  },
  {
    step: "store",
    fault: { path: "/v1/secret/data/keywarden/billing", method: "POST" },
    arrival: /^POST \/v1\/secret\/data\/keywarden\/billing$/,
  },
  // The new key is verified by reading the successor (id 2) with it.
  { step: "verify", fault: { path: "/api/api-keys/2", method: "GET" }, arrival: /^GET \/api\/api-keys\/2$/ },
  {
    step: "revoke",
    fault: { path: "/api/api-keys/:id/revoke", method: "POST" },
    arrival: /^POST \/api\/api-keys\/\d+\/revoke$/,
  },
  // The seeded key is id 1, so its successor is id 2.
  { step: "rename", fault: { path: "/api/api-keys/2", method: "PUT" }, arrival: /^PUT \/api\/api-keys\/2$/ },
];

describe("crash: a rotator SIGKILLed inside a step, then restarted, converges", () => {
  const openStandaloneWorld = closedAfterEach(standaloneWorld);

  it.each(STEPS)("killed during $step", async ({ fault, arrival }) => {
    const world = await openStandaloneWorld(["billing"]);
    await world.scan();
    world.arrivals.length = 0;
    world.mock.faults.add({ ...fault, latencyMs: 1_500, times: 1 });

    const doomed = await world.startWorker();
    await world.waitForArrival(arrival);
    await world.kill(doomed);
    await world.startWorker();
    await world.waitForCompleted(1);

    expect(convergenceViolations(await world.snapshot("billing"))).toEqual([]);
    const app = await world.appView("billing");
    expect(app.works).toBe(true);
    expect(app.secret.metadata.version).toBe(2);
    const previous = await world.vault.kv.read("keywarden/billing", { version: 1 });
    expect(previous.data.api_key).toBe(world.secrets.get("billing"));
    expect(await world.sdk.apiKeys.verify(world.secrets.get("billing") as string)).toBe(false);
  });
});
