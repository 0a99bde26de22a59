/**
 * A webhook URL may carry a token in its path or query (chat services'): when a delivery fails, its
 * error (kept in Redis as the job's failedReason, and logged) names the receiver's origin only,
 * however the failure wrote the URL.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpStack } from "@keywarden/vault";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverWebhook } from "../../src/webhooks/delivery.js";
import { webhookEndpoints } from "../../src/webhooks/outbox.js";

let server: Server;
let port = 0;
beforeAll(async () => {
  // A redirect to another origin, which the stack refuses, quoting where the request went.
  server = createServer((request, response) => {
    request.resume();
    response.writeHead(302, { location: "http://127.0.0.2:9/elsewhere" }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("a failed delivery's error text", () => {
  it("keeps no part of the URL's path or query", async () => {
    const stack = createHttpStack({ connectMs: 1_000, requestMs: 2_000 });
    try {
      for (const url of [
        `http://127.0.0.1:${port}/services/T0/B0/PATHTOKENxyz`,
        `http://127.0.0.1:${port}/services/T0/B0/PATHTOKENxyz?channel=ops`,
        `http://127.0.0.1:${port}/services/T0/B0/PATHTOKENxyz#frag`,
        `http://LOCALHOST:${port}/services/T0/B0/PATHTOKENxyz`,
        `http://127.0.0.1:${port}/hook?token=QUERYTOKENxyz`,
      ]) {
        const [endpoint] = webhookEndpoints([url]);
        if (!endpoint) throw new Error(`no endpoint for ${url}`);
        const message = await deliverWebhook(
          {
            data: {
              eventId: "e1",
              endpoint: endpoint.id,
              origin: endpoint.origin,
              message: { type: "rotation.completed" } as never,
            },
          },
          endpoint,
          {
            secret: async () => `whsec_${Buffer.alloc(24).toString("base64")}`,
            fetch: stack.fetch as typeof fetch,
          },
        ).then(
          () => "delivered",
          (error: Error) => error.message,
        );
        expect(message, url).toMatch(/refused a 302 redirect/);
        expect(message, url).not.toMatch(/PATHTOKEN|QUERYTOKEN|services/);
      }
    } finally {
      await stack.close();
    }
  });
});
