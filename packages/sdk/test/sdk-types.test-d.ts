import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiKey,
  type AuthorizationGroup,
  createKeywardenClient,
  type Filter,
  f,
  filtersFor,
  type Page,
  type PageIterator,
} from "../src/index.js";

const kw = createKeywardenClient({
  baseUrl: "http://127.0.0.1:4010",
  auth: { username: "admin", password: "admin" },
});

describe("typed resource methods", () => {
  it("returns typed keys, secrets and pages", () => {
    expectTypeOf(kw.apiKeys.create({ name: "billing" })).resolves.toEqualTypeOf<ApiKey>();
    expectTypeOf(kw.apiKeys.generate(3)).resolves.toEqualTypeOf<string>();
    expectTypeOf(kw.apiKeys.list()).toEqualTypeOf<PageIterator<ApiKey>>();
    expectTypeOf(kw.apiKeys.list.page({ size: 50 })).resolves.toEqualTypeOf<Page<ApiKey>>();
    expectTypeOf(kw.apiKeys.delete(3)).resolves.toEqualTypeOf<void>();
    expectTypeOf<ApiKey["expiresAt"]>().toEqualTypeOf<string | null>();
  });

  it("types search hits with the caller's document type", () => {
    interface Alert {
      severity: number;
      "@timestamp": string;
    }
    expectTypeOf(kw.search<Alert>({ indexPattern: "alert-*" })).resolves.toEqualTypeOf<Page<Alert>>();
    expectTypeOf(kw.apiKeys.usage({})).resolves.toHaveProperty("items");
  });

  it("refuses a wrong body field, a wrong sort and a wrong id", () => {
    // @ts-expect-error `nam` is not a field of ApiKeyInput
    kw.apiKeys.create({ nam: "billing" });
    // @ts-expect-error allowedIp is a list, not a string
    kw.apiKeys.create({ name: "billing", allowedIp: "10.0.0.0/8" });
    // @ts-expect-error `colour` is not a sortable property
    kw.apiKeys.list({ sort: "colour,asc" });
    // @ts-expect-error ids are numbers
    kw.apiKeys.get("3");
    // @ts-expect-error a search needs an index pattern
    kw.search({ top: 10 });
  });
});

describe("authorization groups and keyId", () => {
  it("types the group list, the key's group and public id, and the group in inputs and filters", () => {
    expectTypeOf(kw.apiKeys.authorizationGroups()).resolves.toEqualTypeOf<AuthorizationGroup[]>();
    expectTypeOf<AuthorizationGroup["permissions"][number]>().toEqualTypeOf<
      "api.key.view" | "api.key.create" | "api.key.update" | "api.key.delete"
    >();
    expectTypeOf<ApiKey["keyId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ApiKey["authorizationGroup"]>().toEqualTypeOf<string | null | undefined>();
    kw.apiKeys.create({ name: "reader", authorizationGroup: "read-only" });
    kw.apiKeys.update(3, { name: "reader", authorizationGroup: null });
    kw.apiKeys.list({ authorizationGroup: "read-only", sort: "authorizationGroup,asc" });
    // @ts-expect-error a group is named, not numbered
    kw.apiKeys.create({ name: "reader", authorizationGroup: 2 });
    // @ts-expect-error the server assigns keyId: it is no input
    kw.apiKeys.create({ name: "reader", keyId: "key_0" });
  });
});

describe("raw openapi-fetch client", () => {
  it("knows the spec's paths and bodies", () => {
    kw.raw.GET("/api/api-keys/{id}", { params: { path: { id: 3 } } });
    // @ts-expect-error no such path in the spec
    kw.raw.GET("/api/api-key/{id}", { params: { path: { id: 3 } } });
    // @ts-expect-error the path parameter must be a number
    kw.raw.GET("/api/api-keys/{id}", { params: { path: { id: "3" } } });
    // @ts-expect-error `title` is not a field of ApiKeyUpsert (name is required)
    kw.raw.POST("/api/api-keys", { body: { title: "x" } });
    // @ts-expect-error search requires `top` and `indexPattern`
    kw.raw.POST("/api/elasticsearch/search", { params: { query: { page: 1 } }, body: [] });
  });
});

describe("filters", () => {
  it("builds filters of the Filter type", () => {
    expectTypeOf(f.is("status", 2)).toEqualTypeOf<Filter>();
    expectTypeOf(filtersFor<"severity">().exists("severity")).toEqualTypeOf<Filter<"severity">>();
  });

  it("makes an invalid filter impossible to type", () => {
    // @ts-expect-error IS_BETWEEN needs a [from, to] pair
    const notAPair: Filter = { field: "@timestamp", operator: "IS_BETWEEN", value: "now-7d" };
    // @ts-expect-error IS takes one value, not a list
    const listForIs: Filter = { field: "status", operator: "IS", value: [1, 2] };
    // @ts-expect-error not a UTMStack operator
    const unknownOperator: Filter = { field: "status", operator: "EQUALS", value: 1 };
    // @ts-expect-error EXIST takes no value
    const valueForExist: Filter = { field: "user", operator: "EXIST", value: "x" };
    // @ts-expect-error IS_ONE_OF needs at least one value
    f.isOneOf("severity", []);
    // @ts-expect-error between takes two bounds
    f.between("@timestamp", "now-7d");
    // @ts-expect-error the field is not one of the document's
    filtersFor<"severity" | "status">().is("sevrity", 2);
    // @ts-expect-error a search filter list holds filters only
    kw.search({ indexPattern: "alert-*", filters: [{ field: "a", operator: "IS" }] });
    void [notAPair, listForIs, unknownOperator, valueForExist];
  });
});
