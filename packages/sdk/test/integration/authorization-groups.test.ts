import { describe, expect, it } from "vitest";
import { KeywardenValidationError, PermissionError, ServerError, ValidationError } from "../../src/index.js";
import { useKeyServiceMock } from "./harness.js";

describe("authorization groups and keyId (documented profile)", () => {
  const { client } = useKeyServiceMock("documented");

  it("lists the groups the caller may assign, typed", async () => {
    const groups = await client().apiKeys.authorizationGroups();
    expect(groups.map((group) => group.name)).toEqual(["key-administration", "read-only", "search-only"]);
    expect(groups.find((group) => group.name === "read-only")?.permissions).toEqual(["api.key.view"]);
  });

  it("lets a search-only key search and refuses it key administration with a PermissionError", async () => {
    const kw = client();
    const key = await kw.apiKeys.create({ name: "searcher", authorizationGroup: "search-only" });
    expect(key.authorizationGroup).toBe("search-only");
    expect(key.keyId).toMatch(/^key_[0-9a-f]{32}$/);
    const secret = await kw.apiKeys.generate(key.id);

    const asKey = client({ auth: { apiKey: secret, header: "x-api-key" } });
    const alerts = await asKey.search({ indexPattern: "alert-*", top: 5 });
    expect(alerts.items.length).toBeGreaterThan(0);

    const listing = await asKey.apiKeys.list.page().catch((error: unknown) => error);
    expect(listing).toBeInstanceOf(PermissionError);
    expect((listing as PermissionError).status).toBe(403);
    expect((listing as PermissionError).reason).toBe("Missing permission api.key.view");
    const creating = await asKey.apiKeys.create({ name: "escalate" }).catch((error: unknown) => error);
    expect(creating).toBeInstanceOf(PermissionError);
    expect((creating as PermissionError).reason).toBe("Missing permission api.key.create");
    const deleting = await asKey.apiKeys.delete(key.id).catch((error: unknown) => error);
    expect(deleting).toBeInstanceOf(PermissionError);
  });

  it("selects keys by group, moves a key between groups and keeps its keyId", async () => {
    const kw = client();
    const reader = await kw.apiKeys.create({ name: "reader", authorizationGroup: "read-only" });
    await kw.apiKeys.create({ name: "owner-rights" });
    const inGroup = await kw.apiKeys.list({ authorizationGroup: "read-only" }).toArray();
    expect(inGroup.map((key) => key.name)).toEqual(["reader"]);

    const moved = await kw.apiKeys.update(reader.id, { name: "reader", authorizationGroup: "search-only" });
    expect(moved).toMatchObject({ authorizationGroup: "search-only", keyId: reader.keyId });
    const cleared = await kw.apiKeys.update(reader.id, { name: "reader" });
    expect(cleared.authorizationGroup).toBeNull();
  });

  it("reports an unknown group as the server's ValidationError naming the field", async () => {
    const error = await client()
      .apiKeys.create({ name: "ghost", authorizationGroup: "ghost" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).reason).toMatch(/^authorizationGroup: no group named "ghost"/);
  });

  it("refuses an empty group name before sending", async () => {
    const error = await client()
      .apiKeys.create({ name: "blank", authorizationGroup: "" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeywardenValidationError);
    const listed = await client()
      .apiKeys.list.page({ authorizationGroup: "" })
      .catch((e: unknown) => e);
    expect(listed).toBeInstanceOf(KeywardenValidationError);
  });
});

describe("authorization groups against utmstack-v11", () => {
  const { client } = useKeyServiceMock("utmstack-v11");

  it("has no group list (a ServerError) and keys without keyId or group", async () => {
    const kw = client();
    expect(await kw.apiKeys.authorizationGroups().catch((e: unknown) => e)).toBeInstanceOf(ServerError);
    const key = await kw.apiKeys.create({ name: "plain", authorizationGroup: "search-only" });
    expect(key.keyId).toBeUndefined();
    expect(key.authorizationGroup).toBeUndefined();
  });
});
