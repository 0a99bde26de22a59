import { describe, expectTypeOf, it } from "vitest";
import type { components, operations, paths } from "../../packages/sdk/src/generated/keywarden.js";

type Schemas = components["schemas"];
type JsonBody<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

describe("the generated key-service types", () => {
  it("type ApiKey with a numeric id, a string-array allowedIp and nullable instants", () => {
    expectTypeOf<Schemas["ApiKey"]["id"]>().toEqualTypeOf<number>();
    expectTypeOf<Schemas["ApiKey"]["allowedIp"]>().toEqualTypeOf<string[]>();
    expectTypeOf<Schemas["ApiKey"]["expiresAt"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Schemas["ApiKey"]>().toHaveProperty("status");
    expectTypeOf<Schemas["ApiKey"]["status"]>().toEqualTypeOf<"ACTIVE" | "REVOKED" | undefined>();
    expectTypeOf<Schemas["ApiKey"]["keyId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Schemas["ApiKey"]["authorizationGroup"]>().toEqualTypeOf<string | null | undefined>();
  });

  it("type an authorization group's permissions as the four api.key permissions", () => {
    expectTypeOf<Schemas["AuthorizationGroup"]["permissions"]>().toEqualTypeOf<
      ("api.key.view" | "api.key.create" | "api.key.update" | "api.key.delete")[]
    >();
    type Groups = JsonBody<operations["listAuthorizationGroups"]["responses"][200]>;
    expectTypeOf<Groups>().toEqualTypeOf<Schemas["AuthorizationGroup"][]>();
    expectTypeOf<Schemas["ApiKeyUpsert"]["authorizationGroup"]>().toEqualTypeOf<string | null | undefined>();
  });

  it("type the search body as an array of FilterType with the 22 operators", () => {
    type SearchBody = NonNullable<
      paths["/api/elasticsearch/search"]["post"]["requestBody"]
    >["content"]["application/json"];
    expectTypeOf<SearchBody>().toEqualTypeOf<Schemas["FilterType"][]>();
    expectTypeOf<"IS_BETWEEN">().toExtend<Schemas["Operator"]>();
    expectTypeOf<"EQUALS">().not.toExtend<Schemas["Operator"]>();
    expectTypeOf<{ field: "status"; operator: "IS"; value: 2 }>().toExtend<Schemas["FilterType"]>();
  });

  it("know every path and no other", () => {
    expectTypeOf<"/api/api-keys/{id}/generate">().toExtend<keyof paths>();
    expectTypeOf<"/api/api-keys/{id}/rotate">().not.toExtend<keyof paths>();
    expectTypeOf<paths["/api/api-keys/{id}"]["delete"]>().toEqualTypeOf<operations["deleteApiKey"]>();
  });

  it("type the secret as text, the list's headers and the login as either answer", () => {
    type Generated = operations["generateApiKey"]["responses"][200]["content"]["text/plain"];
    expectTypeOf<Generated>().toEqualTypeOf<string>();
    expectTypeOf<JsonBody<operations["listApiKeys"]["responses"][200]>>().toEqualTypeOf<
      Schemas["ApiKey"][]
    >();
    expectTypeOf<operations["listApiKeys"]["responses"][200]["headers"]>().toHaveProperty("X-Total-Count");
    expectTypeOf<JsonBody<operations["login"]["responses"][200]>>().toEqualTypeOf<
      Schemas["DocumentedLoginResponse"] | Schemas["V11LoginResponse"]
    >();
    expectTypeOf<operations["listApiKeys"]["parameters"]["query"]>().toEqualTypeOf<
      | {
          page?: number;
          size?: number;
          sort?: string[];
          status?: "ACTIVE" | "REVOKED";
          expiry?: "VALID" | "EXPIRING_SOON" | "EXPIRED";
          authorizationGroup?: string;
        }
      | undefined
    >();
  });
});
