import fc from "fast-check";

// The fuzzer's generated requests: odd paths, methods, headers, bodies, filters and fault rules, with
// well-formed key commands among them so the key store really changes.

const ODD_SEGMENTS = [
  "%ZZ",
  "%ff",
  "%2F",
  "%2f",
  "%2e%2e",
  "..",
  ".",
  "",
  "%00",
  ";x=1",
  "%E0%A4%A",
  "%C3%BC",
  "a%20b",
  "%",
];
const SEGMENTS = [
  ...["api", "api-keys", "1", "2", "999999999999999999", "generate", "revoke", "usage", "elasticsearch"],
  ...["search", "authenticate", "tfa", "verify-code", "v1", "secret", "data", "metadata", "config"],
  ...["delete", "undelete", "destroy", "sys", "health", "auth", "approle", "login", "token", "lookup-self"],
  ...["capabilities-self", "__mock", "state", "faults", "clock", "a.a.a.a", "__proto__", "constructor"],
];
const segment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SEGMENTS) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_SEGMENTS) },
  { weight: 1, arbitrary: fc.webSegment() },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }).map(encodeURIComponent) },
);
const path = fc
  .tuple(
    fc.constantFrom("/api", "/api/api-keys", "/api/elasticsearch", "/v1/secret", "/v1", "/__mock", ""),
    fc.array(segment, { maxLength: 4 }),
  )
  .map(([prefix, rest]) => [prefix, ...rest].join("/") || "/");

const deepField = fc
  .integer({ min: 0, max: 30 })
  .map((dots) => Array.from({ length: dots + 1 }, () => "a").join("."));
const field = fc.oneof(
  fc.constantFrom("@timestamp", "timestamp", "name", "status", "tags", "user.keyword", "destination.country"),
  fc.constantFrom("constructor.name", "toString", "__proto__", "hasOwnProperty", "", "a..b"),
  deepField,
  fc.string({ maxLength: 12 }),
);
const bound = fc.oneof(
  fc.constantFrom(
    "now",
    "now-7d",
    "now-7x",
    "now/d",
    "garbage",
    "2026-02-30",
    "2026-01-01||+1M",
    "",
    "1e309",
  ),
  fc.integer(),
  fc.string({ maxLength: 8 }),
);
const filter = fc.record(
  {
    field,
    operator: fc.oneof(
      fc.constantFrom("IS", "IS_BETWEEN", "CONTAIN", "EXIST", "IS_ONE_OF", "IS_IN_FIELDS", "IS_GREATER_THAN"),
      fc.string({ maxLength: 6 }),
    ),
    value: fc.oneof(bound, fc.array(bound, { maxLength: 3 }), fc.constant(null), fc.object({ maxDepth: 1 })),
  },
  { requiredKeys: ["operator"] },
);
const faultRule = fc.record(
  {
    path: fc.oneof(
      fc.constantFrom("*", "/api/*", "/v1/*", "/api/api-keys/:id", "(((((", "*a*a*a*Z"),
      fc.string({ maxLength: 10 }),
    ),
    method: fc.oneof(fc.constantFrom("GET", "POST", "get"), fc.integer()),
    status: fc.oneof(fc.constantFrom(500, 503, 429), fc.integer({ min: -5, max: 700 })),
    latencyMs: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(1e11, -1, Number.MAX_SAFE_INTEGER)),
    networkError: fc.oneof(fc.boolean(), fc.constant("yes")),
    times: fc.integer({ min: -1, max: 3 }),
    probability: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(2)),
  },
  { requiredKeys: ["path"] },
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.array(filter, { maxLength: 3 }).map((filters) => JSON.stringify(filters)),
  fc
    .record({
      name: fc.oneof(fc.string({ maxLength: 10 }), fc.integer()),
      allowedIp: fc.oneof(fc.constant([]), fc.array(fc.constantFrom("10.0.0.0/8", "::1", "nope"))),
      expiresAt: fc.constantFrom("2030-02-31T00:00:00Z", "2030-01-01T24:00:00Z", "2031-01-01T00:00:00Z", "x"),
    })
    .map((input) => JSON.stringify(input)),
  fc.oneof(faultRule, fc.array(faultRule, { maxLength: 2 })).map((rule) => JSON.stringify(rule)),
  fc.constantFrom('{"data":{"k":"v"}}', "[[[[[[", '{"a":', "%%%", "{}", "null"),
  fc
    .integer({ min: 900, max: 5000 })
    .map((depth) => `[{"field":"name","operator":"IS","value":${"[".repeat(depth)}${"]".repeat(depth)}}]`),
  fc.string({ maxLength: 40 }),
);
const query = fc.array(
  fc.tuple(
    fc.constantFrom("top", "indexPattern", "page", "size", "sort", "list", "version", "includeChildren"),
    fc.oneof(
      fc.constantFrom(
        "10",
        "alert-*",
        "v11-api-access-logs-*",
        "**********Z",
        "a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a,desc",
      ),
      fc.constantFrom("@timestamp,desc", "-1", "1e9", "true", "maybe", "%ZZ"),
      fc.string({ maxLength: 8 }).map(encodeURIComponent),
    ),
  ),
  { maxLength: 4 },
);
const credentials = fc.constantFrom("none", "jwt", "api-key", "wrong-key", "vault-root", "vault-wrong");
const request = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "LIST"),
  path,
  query,
  credentials,
  contentType: fc.constantFrom("application/json", "application/merge-patch+json", "text/plain", undefined),
  origin: fc.constantFrom(undefined, "http://evil.example"),
  body,
});
export type Generated = typeof request extends fc.Arbitrary<infer T> ? T : never;
// Well-formed key commands among the hostile ones, so the state the model follows really changes.
const keyId = fc.integer({ min: 1, max: 6 }).map(String);
const wellFormed: fc.Arbitrary<Generated> = fc
  .oneof(
    fc.constant({ method: "POST", path: "/api/api-keys" }),
    keyId.map((id) => ({ method: "PUT", path: `/api/api-keys/${id}` })),
    keyId.map((id) => ({ method: "DELETE", path: `/api/api-keys/${id}` })),
    keyId.map((id) => ({ method: "POST", path: `/api/api-keys/${id}/revoke` })),
    keyId.map((id) => ({ method: "POST", path: `/api/api-keys/${id}/generate` })),
  )
  .chain(({ method, path }) =>
    fc.record({
      method: fc.constant(method as Generated["method"]),
      path: fc.constant(path),
      query: fc.constant([] as Generated["query"]),
      credentials: fc.constant("jwt" as Generated["credentials"]),
      contentType: fc.constant("application/json" as Generated["contentType"]),
      origin: fc.constant(undefined),
      body: fc.constantFrom(
        '{"name":"renamed","allowedIp":[]}',
        '{"name":"made","allowedIp":["10.0.0.0/8"]}',
      ),
    }),
  );
export const anyRequest = fc.oneof({ weight: 3, arbitrary: request }, { weight: 1, arbitrary: wellFormed });
