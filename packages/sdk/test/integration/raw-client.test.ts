import { describe, expect, it } from "vitest";
import { useKeyServiceMock } from "./harness.js";

describe("the raw openapi-fetch client", () => {
  const { client } = useKeyServiceMock("documented");

  it("reaches any path of the spec with the SDK's credentials, returning { data, error, response }", async () => {
    const kw = client();
    const created = await kw.raw.POST("/api/api-keys", { body: { name: "raw-key", allowedIp: [] } });
    expect(created.response.status).toBe(201);
    const id = created.data?.id ?? 0;
    const read = await kw.raw.GET("/api/api-keys/{id}", { params: { path: { id } } });
    expect(read.data?.name).toBe("raw-key");
    const missing = await kw.raw.GET("/api/api-keys/{id}", { params: { path: { id: 999 } } });
    expect(missing.data).toBeUndefined();
    expect(missing.response.status).toBe(404);
  });
});
