// What the SDK's input checks cost per call, on the inputs the bench sends: the search of the
// sdk-overhead suite, an API key read (the id check and the tolerant parse of the answer) and a create.
// Not a test: a quick loop for performance work.
//
//   node --conditions=source --import tsx packages/sdk/test/perf/validation-cost.ts [calls]
import { parseOutput } from "../../src/resources/context.js";
import { apiKeySchema, normaliseApiKey } from "../../src/resources/models.js";
import { apiKeyInputSchema, keyIdSchema } from "../../src/validation/api-key-input.js";
import { validateInput } from "../../src/validation/issues.js";
import { searchQuerySchema } from "../../src/validation/query-input.js";
import { searchParams } from "./cpu-per-call.js";

const calls = Number(process.argv[2] ?? 50_000);
const rounds = 11;
const keyText = JSON.stringify({
  id: 7,
  name: "bench-key",
  allowedIp: [],
  createdAt: "2026-01-01T00:00:00Z",
  expiresAt: "2099-01-01T00:00:00Z",
  generatedAt: "2026-01-02T00:00:00Z",
  status: "ACTIVE",
  expiry: "VALID",
});
const response = new Response("");
const inputSchema = apiKeyInputSchema(() => new Date("2026-01-01T00:00:00Z"));
const input = {
  name: "billing",
  description: "for billing",
  allowedIp: ["10.0.0.0/8", "2001:db8::1"],
  expiresAt: "2030-01-01T00:00:00Z",
};

const cases: Record<string, () => unknown> = {
  "search query (2 filters)": () => validateInput("search", searchQuerySchema, searchParams()),
  "key read (JSON.parse alone)": () => JSON.parse(keyText),
  "key read (JSON.parse + id check + parse)": () => {
    validateInput("apiKeys.get", keyIdSchema, 7);
    const data: unknown = JSON.parse(keyText);
    return normaliseApiKey(parseOutput(apiKeySchema, data, "GET", "/api/api-keys/7", response));
  },
  "create input": () => validateInput("apiKeys.create", inputSchema, input),
};

// Cases take turns round by round, so a busy moment of the machine falls on all of them alike.
const times = Object.fromEntries(Object.keys(cases).map((name) => [name, [] as number[]]));
for (let round = 0; round <= rounds; round++) {
  for (const [name, call] of Object.entries(cases)) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) call();
    // round 0 warms up
    if (round > 0) times[name]!.push(((performance.now() - started) * 1000) / calls);
  }
}
for (const [name, runs] of Object.entries(times)) {
  runs.sort((a, b) => a - b);
  const median = runs[runs.length >> 1]!;
  console.log(
    `${name}: ${median.toFixed(2)} µs/call (min ${runs[0]!.toFixed(2)}, max ${runs.at(-1)!.toFixed(2)})`,
  );
}
