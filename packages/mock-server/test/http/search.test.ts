import { beforeEach, describe, expect, it } from "vitest";
import { useKeyServiceMock } from "../../src/vitest.js";
import { apiClient } from "../support/api.js";

const NOW = Date.parse("2026-05-01T12:00:00Z");
const mock = useKeyServiceMock({ now: NOW });
const api = apiClient();
let token: string;
beforeEach(async () => {
  token = await api.login();
});

const SEED_QUERY = "page=1&size=25&top=100000000&indexPattern=alert-*&sort=@timestamp,desc";
const SEED_FILTERS = [
  { field: "status", operator: "IS", value: 2 },
  { field: "tags", operator: "IS_NOT", value: "False positive" },
  { field: "@timestamp", operator: "IS_BETWEEN", value: ["now-7d", "now"] },
];

type Alert = { status: number; tags: string[]; "@timestamp": string; severity: number; id: string };

describe("search over the seeded alert-* index", () => {
  it("answers seed 001's request with matching alerts, newest first", async () => {
    const response = await api.search(SEED_QUERY, SEED_FILTERS, { token });
    expect(response.status).toBe(200);
    const hits = (await response.json()) as Alert[];
    const expected = mock.store.alerts.filter(
      (alert) =>
        alert.status === 2 &&
        !(alert.tags as string[]).includes("False positive") &&
        Date.parse(alert["@timestamp"] as string) >= NOW - 7 * 86_400_000,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(response.headers.get("x-total-count")).toBe(String(expected.length));
    expect(hits.length).toBe(Math.min(25, expected.length));
    const times = hits.map((hit) => hit["@timestamp"]);
    expect(times).toEqual([...times].sort().reverse());
  });

  it("caps X-Total-Count at top and clips the last page", async () => {
    const response = await api.search("page=2&size=4&top=6&indexPattern=alert-*", [], { token });
    expect(response.headers.get("x-total-count")).toBe("6");
    expect(await response.json()).toHaveLength(2);
    expect(response.headers.get("link")).toBe(
      '</api/elasticsearch/search?page=1&size=4>; rel="prev",</api/elasticsearch/search?page=2&size=4>; rel="last",</api/elasticsearch/search?page=1&size=4>; rel="first"',
    );
  });

  it("answers no hits with [] and neither X-Total-Count nor Link", async () => {
    const response = await api.search(
      "top=10&indexPattern=alert-*",
      [{ field: "user", operator: "IS", value: "nobody-here" }],
      { token },
    );
    expect(await response.json()).toEqual([]);
    expect(response.headers.get("x-total-count")).toBeNull();
    expect(response.headers.get("link")).toBeNull();
  });

  it("sorts on any field, dotted paths included", async () => {
    const response = await api.search(
      "top=300&size=300&indexPattern=alert-*&sort=destination.city,asc&sort=port,desc",
      [],
      { token },
    );
    const hits = (await response.json()) as { destination: { city: string }; port: number }[];
    const keys = hits.map((hit) => [hit.destination.city, -hit.port] as const);
    const sorted = [...keys].sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
    expect(keys).toEqual(sorted);
  });

  it("answers a stored alert edited in place as it is now", async () => {
    const first = async () => (await (await api.search(SEED_QUERY, [], { token })).json())[0] as Alert;
    const served = await first();
    const stored = mock.store.alerts.find((alert) => alert.id === served.id)!;
    stored.severity = 99;
    (stored.tags as string[]).push("edited");
    expect(await first()).toEqual({ ...served, severity: 99, tags: [...served.tags, "edited"] });
  });

  it("adds hasChildren and echoes with includeChildren=true", async () => {
    const response = await api.search("top=1&indexPattern=alert-*&includeChildren=true", [], { token });
    expect((await response.json())[0]).toMatchObject({ hasChildren: false, echoes: 0 });
  });

  it("searches the usage index through the same route", async () => {
    const { secret } = await api.keyWithSecret(token, { name: "ci" });
    await api.search("top=1&indexPattern=alert-*", [], { headers: { "utm-api-key": secret } });
    const response = await api.search("top=10&indexPattern=v11-api-access-logs-*", [], { token });
    expect((await response.json()).map((doc: { apiKeyName: string }) => doc.apiKeyName)).toEqual(["ci"]);
  });

  it.each([
    ["top=10", [], "indexPattern: required query parameter (e.g. alert-* or v11-api-access-logs-*)"],
    ["indexPattern=alert-*", [], "top: required query parameter (the cap on results, e.g. top=100)"],
    ["top=ten&indexPattern=alert-*", [], 'top: must be a positive integer, got "ten"'],
    [
      "top=10&indexPattern=alert-*",
      [{ field: "status", operator: "IS" }],
      "Filter 0 (IS): Filter value is missing",
    ],
    [
      "top=10&indexPattern=alert-*",
      [{ field: "status", operator: "EQUALS", value: 1 }],
      'Filter 0: unknown operator "EQUALS"',
    ],
    ["top=10&indexPattern=alert-*", { field: "status" }, "The body must be a JSON array of filters"],
  ])("refuses ?%s with body %j as 400 with a clear message", async (query, filters, reason) => {
    const response = await api.search(query, filters, { token });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-utmstack-error")).toContain(reason);
  });

  it("reads now and now-7d from the mock's clock", async () => {
    const lastWeek = async () =>
      Number(
        (
          await api.search(
            "top=1000&indexPattern=alert-*",
            [{ field: "@timestamp", operator: "IS_BETWEEN", value: ["now-7d", "now"] }],
            { token },
          )
        ).headers.get("x-total-count") ?? 0,
      );
    const before = await lastWeek();
    expect(before).toBeGreaterThan(0);
    mock.clock.advance("31d");
    token = await api.login();
    expect(await lastWeek()).toBe(0);
  });
});
