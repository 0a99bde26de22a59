import fc from "fast-check";

// The requests both front ends are asked: the key service, search, the controls, Vault and hostile
// paths, each with a credential the driver fills in.

/** One generated request; `auth` names a credential the driver fills in. */
export interface Call {
  method: string;
  path: string;
  auth: "jwt" | "api-key" | "wrong-key" | "vault" | "none";
  body?: string;
  headers?: Record<string, string>;
}

const id = fc.oneof(
  fc.constantFrom("1", "2", "3", "99", "0", "-1", "x", "%ZZ", "1%2F2"),
  fc.nat({ max: 5 }).map(String),
);
const json = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
  fc
    .record({
      name: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("ci", "deploy")),
      allowedIp: fc.oneof(fc.constant([]), fc.constant(["10.0.0.0/8"]), fc.constant(["nope"])),
      expiresAt: fc.oneof(
        fc.constant("2027-01-01T00:00:00Z"),
        fc.constant("2026-02-31T00:00:00Z"),
        fc.constant(null),
      ),
    })
    .map((value) => JSON.stringify(value)),
  fc.constantFrom("", "{", "[]", "null"),
);
const query = fc.constantFrom(
  "",
  "?page=1&size=2",
  "?sort=name,desc",
  "?sort=nope",
  "?status=ACTIVE",
  "?expiry=EXPIRED",
  "?size=x",
);
const filters = fc.constantFrom(
  "[]",
  '[{"field":"severity","operator":"IS","value":2}]',
  '[{"field":"name","operator":"CONTAIN","value":"a"}]',
  '[{"field":"a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a","operator":"IS","value":1}]',
  '[{"field":"timestamp","operator":"IS_BETWEEN","value":["now-7d","now"]}]',
  "{",
);

export const call: fc.Arbitrary<Call> = fc.oneof(
  fc.record({
    method: fc.constant("POST"),
    path: fc.constant("/api/authenticate"),
    auth: fc.constant("none" as const),
    body: fc.constantFrom(
      '{"username":"admin","password":"admin"}',
      '{"username":"admin","password":"nope"}',
      "{",
    ),
  }),
  fc.record({
    method: fc.constant("POST"),
    path: fc.constant("/api/api-keys"),
    auth: fc.constantFrom("jwt", "api-key", "none") as fc.Arbitrary<Call["auth"]>,
    body: json,
  }),
  fc.record({
    method: fc.constant("GET"),
    path: query.map((q) => `/api/api-keys${q}`),
    auth: fc.constantFrom("jwt", "api-key", "wrong-key", "none") as fc.Arbitrary<Call["auth"]>,
  }),
  fc.record({
    method: fc.constantFrom("GET", "PUT", "DELETE"),
    path: id.map((value) => `/api/api-keys/${value}`),
    auth: fc.constantFrom("jwt", "api-key") as fc.Arbitrary<Call["auth"]>,
    body: json,
  }),
  fc.record({
    method: fc.constant("POST"),
    path: fc
      .tuple(id, fc.constantFrom("generate", "revoke"))
      .map(([value, what]) => `/api/api-keys/${value}/${what}`),
    auth: fc.constantFrom("jwt", "api-key") as fc.Arbitrary<Call["auth"]>,
    headers: fc.constantFrom<Record<string, string>>({}, { accept: "application/json" }),
  }),
  fc.record({
    method: fc.constant("POST"),
    path: fc.constantFrom(
      "/api/elasticsearch/search?top=10&indexPattern=alert-*&size=3",
      "/api/elasticsearch/search?top=10&indexPattern=*****Z",
      "/api/elasticsearch/search?indexPattern=alert-*",
      "/api/api-keys/usage?top=5&indexPattern=v11-api-access-logs-*",
      "/api/api-keys/usage?top=5&indexPattern=alert-*",
    ),
    auth: fc.constantFrom("jwt", "api-key", "wrong-key") as fc.Arbitrary<Call["auth"]>,
    body: filters,
  }),
  fc.record({
    method: fc.constantFrom("GET", "POST", "DELETE"),
    path: fc.constantFrom("/__mock/state", "/__mock/clock", "/__mock/faults", "/__mock/faults/1"),
    auth: fc.constant("none" as const),
    body: fc.constantFrom(
      '{"advance":"31d"}',
      '{"path":"/api/api-keys/:id","method":"DELETE","status":503,"times":1}',
      '{"path":"((("}',
      "{}",
    ),
  }),
  fc.record({
    method: fc.constantFrom("GET", "POST", "PATCH", "DELETE", "LIST", "HEAD", "PUT"),
    path: fc.constantFrom(
      "/v1/secret/data/app",
      "/v1/secret/metadata/",
      "/v1/secret/metadata/app",
      "/v1/secret/data/app?version=1",
      "/v1/sys/health",
      "/v1/auth/token/lookup-self",
      "/v1/sys/capabilities-self",
      "/v1/secret/data/a%ZZ",
    ),
    auth: fc.constantFrom("vault", "none") as fc.Arbitrary<Call["auth"]>,
    body: fc.constantFrom(
      '{"data":{"api_key":"s","key_id":"1"}}',
      '{"options":{"cas":0},"data":{"a":"b"}}',
      '{"paths":["secret/data/app"]}',
      "{",
    ),
    headers: fc.constantFrom<Record<string, string>>({}, { "content-type": "application/merge-patch+json" }),
  }),
  fc.record({
    method: fc.constantFrom("GET", "POST", "HEAD", "OPTIONS"),
    path: fc.constantFrom(
      "/api/nope",
      "/API/API-KEYS/",
      "/api/api-keys;x",
      "/api/%ff",
      "/elsewhere",
      "/api//api-keys",
    ),
    auth: fc.constantFrom("jwt", "none") as fc.Arbitrary<Call["auth"]>,
  }),
);
