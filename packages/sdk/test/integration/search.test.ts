import { describe, expect, it } from "vitest";
import {
  f,
  filtersFor,
  OPERATORS,
  type RequestEvent,
  ServerError,
  ValidationError,
} from "../../src/index.js";
import { daysFromNow, KEY_HEADER, PROFILES, useKeyServiceMock } from "./harness.js";

interface Alert {
  severity: number;
  status: number;
  tags: string[];
  "@timestamp": string;
  [field: string]: unknown;
}

/** One filter per operator, each valid for the seeded alerts. */
const everyOperator = [
  f.is("severity", 3),
  f.isNot("tags", "False positive"),
  f.contains("severityLabel", "igh"),
  f.containsOneOf("severityLabel", ["High", "Low"]),
  f.doesNotContainOneOf("severityLabel", ["Nothing"]),
  f.doesNotContain("severityLabel", "zzz"),
  f.isOneOf("severity", [2, 3]),
  f.isNotOneOf("severity", [0]),
  f.isOneOfTerms("severityLabel", ["High"]),
  f.isOneOfTermsOr("severityLabel", ["High"]),
  f.exists("severity"),
  f.doesNotExist("no.such.field"),
  f.between("@timestamp", "now-30d", "now"),
  f.notBetween("severity", 10, 20),
  f.inAnyField("High"),
  f.notInAnyField("no-such-text-anywhere"),
  f.endsWith("severityLabel", "gh"),
  f.notEndsWith("severityLabel", "zz"),
  f.startsWith("severityLabel", "Hi"),
  f.notStartsWith("severityLabel", "zz"),
  f.greaterThan("severity", 2),
  f.lessThanOrEquals("@timestamp", "now"),
];

describe.each(PROFILES)("search against the %s mock", (profile) => {
  const { mock, client } = useKeyServiceMock(profile);

  it("runs the seed's query: filters, sort and a page of hits with the total", async () => {
    const page = await client().search<Alert>({
      indexPattern: "alert-*",
      top: 1000,
      sort: "@timestamp,desc",
      size: 25,
      filters: [
        f.is("severity", 3),
        f.isNot("tags", "False positive"),
        f.between("@timestamp", "now-7d", "now"),
      ],
    });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((a) => a.severity === 3 && !a.tags.includes("False positive"))).toBe(true);
    const times = page.items.map((a) => Date.parse(a["@timestamp"]));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(page.total).toBeGreaterThanOrEqual(page.items.length);
  });

  it("gives the page's Link header by relation, also when serialised or copied", async () => {
    const page = await client().search({ indexPattern: "alert-*", size: 5, page: 2 });
    expect(Object.keys(page.links).sort()).toEqual(["first", "last", "next", "prev"]);
    expect(page.links.next).toContain("size=5");
    expect(JSON.parse(JSON.stringify(page)).links).toEqual(page.links);
    expect({ ...page }.links).toEqual(page.links);
  });

  it("accepts a filter with every one of the 22 operators", async () => {
    expect(new Set(everyOperator.map((x) => x.operator))).toEqual(new Set(OPERATORS));
    const kw = client();
    for (const filter of everyOperator) {
      await expect(
        kw.search({ indexPattern: "alert-*", size: 1, filters: [filter] }),
        filter.operator,
      ).resolves.toBeDefined();
    }
  });

  it("iterates every hit over 1-based pages, and respects top", async () => {
    const requests: RequestEvent[] = [];
    const kw = client({ onRequest: (e) => requests.push(e) });
    const all = await kw.search.all({ indexPattern: "alert-*", size: 40 }).toArray();
    expect(all).toHaveLength(300);
    expect(requests).toHaveLength(1 + Math.ceil(300 / 40));
    const capped = await kw.search.all({ indexPattern: "alert-*", size: 40, top: 90 }).toArray();
    expect(capped).toHaveLength(90);
  });

  it("narrows fields with filtersFor and stops at limit", async () => {
    const a = filtersFor<"severity" | "status">();
    const got = await client()
      .search.all<Alert>({
        indexPattern: "alert-*",
        filters: [a.isOneOf("severity", [1, 2])],
        size: 10,
        limit: 12,
      })
      .toArray();
    expect(got).toHaveLength(12);
    expect(got.every((x) => x.severity === 1 || x.severity === 2)).toBe(true);
  });

  it("names what is missing when given no parameters, and reads usage with none", async () => {
    const kw = client();
    await expect(kw.search(null as never)).rejects.toMatchObject({
      name: "KeywardenValidationError",
      issues: [expect.objectContaining({ field: "indexPattern" })],
    });
    const usage = await kw.apiKeys.usage(undefined as never);
    expect(Array.isArray(usage.items)).toBe(true);
  });

  it("gives an empty page without headers when nothing matches", async () => {
    const page = await client().search({ indexPattern: "alert-*", filters: [f.is("severity", 99)] });
    expect(page).toMatchObject({ items: [], total: undefined, nextPage: undefined });
  });

  it("finds the usage documents written when an API key is used", async () => {
    const kw = client();
    const key = await kw.apiKeys.create({ name: "used", expiresAt: daysFromNow(mock, 9) });
    const secret = await kw.apiKeys.generate(key.id);
    const byKey = client({ auth: { apiKey: secret, header: KEY_HEADER[profile] } });
    await byKey.apiKeys.get(key.id);
    await byKey.apiKeys.list.page();
    const usage = await kw.apiKeys.usage({
      filters: [f.is("apiKeyId", String(key.id))],
      sort: "timestamp,asc",
    });
    expect(usage.items.length).toBeGreaterThanOrEqual(2);
    expect(usage.items[0]).toMatchObject({ apiKeyId: String(key.id), apiKeyName: "used", httpMethod: "GET" });
    expect(JSON.stringify(usage.items)).not.toContain(secret);
    const everything = await kw.apiKeys.usage.all({ indexPattern: "v11-api-access-logs-*" }).toArray();
    expect(everything.length).toBeGreaterThanOrEqual(usage.items.length);
  });

  it("reports a filter the server refuses (bypassing client checks) as a typed error", async () => {
    const kw = client({ validateInput: false });
    const error = await kw
      .search({ indexPattern: "alert-*", filters: [{ field: "severity", operator: "IS" } as never] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(profile === "documented" ? ValidationError : ServerError);
  });
});
