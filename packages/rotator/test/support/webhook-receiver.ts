/**
 * A webhook receiver on a real loopback socket, as an app would write one: it verifies each
 * delivery with the `standardwebhooks` package (a verifier nobody here wrote), records it, and
 * de-duplicates by `webhook-id`. `answer` decides each response: a status, or `hang` (never answer).
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { WebhookMessage } from "../../src/webhooks/events.js";

/** One request as it arrived. */
export interface Delivery {
  readonly id: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The verified message, or undefined when verification failed. */
  readonly message: WebhookMessage | undefined;
  readonly verifyError?: string;
}

/** Starts a receiver; `answer` gets the delivery and how many requests came before it. */
export async function startWebhookReceiver(
  secret: string,
  answer: (delivery: Delivery, index: number) => number | "hang" = () => 204,
) {
  const verifier = new Webhook(secret);
  const deliveries: Delivery[] = [];
  const hanging = new Set<import("node:http").ServerResponse>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let message: WebhookMessage | undefined;
      let verifyError: string | undefined;
      try {
        message = verifier.verify(body, request.headers as Record<string, string>) as WebhookMessage;
      } catch (error) {
        verifyError = (error as Error).message;
      }
      const delivery: Delivery = {
        id: String(request.headers["webhook-id"]),
        headers: request.headers,
        body,
        message,
        ...(verifyError ? { verifyError } : {}),
      };
      const index = deliveries.length;
      deliveries.push(delivery);
      const status = message ? answer(delivery, index) : 400;
      if (status === "hang") {
        hanging.add(response);
        return;
      }
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/keywarden`;
  return {
    url,
    deliveries,
    /** The verified messages, each `webhook-id` once, in arrival order. */
    unique(): { id: string; message: WebhookMessage }[] {
      const seen = new Map<string, WebhookMessage>();
      for (const delivery of deliveries) {
        if (delivery.message && !seen.has(delivery.id)) seen.set(delivery.id, delivery.message);
      }
      return [...seen].map(([id, message]) => ({ id, message }));
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
