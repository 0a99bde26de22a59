import { useKeyServiceMock } from "@keywarden/mock-server/vitest";
import { expect, it } from "vitest";

// listen() before all tests, resetHandlers() + mock.reset() after each, close() after all
const mock = useKeyServiceMock({ profile: "documented" });

it("logs in and creates a key", async () => {
  const login = await fetch("http://utm.test/api/authenticate", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "admin" }),
  });
  const { id_token } = await login.json();
  const auth = { authorization: `Bearer ${id_token}`, "content-type": "application/json" };
  const created = await fetch("http://utm.test/api/api-keys", {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ name: "ci", allowedIp: [], expiresAt: "2030-01-01T00:00:00Z" }),
  });
  const key = await created.json(); // 201, no secret in it
  const secret = await (
    await fetch(`http://utm.test/api/api-keys/${key.id}/generate`, { method: "POST", headers: auth })
  ).text();
  expect(secret).toHaveLength(43);
  mock.clock.advance("31d"); // time-based rules read the mock's clock
});
