import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";

/**
 * Serves `/metrics` (Prometheus), `/healthz` (the process is up) and `/readyz` (Redis answers and
 * the workers run: `isReady` resolves true) on `port`. Resolves once listening.
 */
export async function startHealthServer(options: {
  port: number;
  host?: string;
  registry: Registry;
  isReady: () => Promise<boolean>;
}): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const server = createServer(async (request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    try {
      if (path === "/metrics") {
        const body = await options.registry.metrics();
        response.writeHead(200, { "content-type": options.registry.contentType }).end(body);
      } else if (path === "/healthz") {
        response.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      } else if (path === "/readyz") {
        const ready = await options.isReady().catch(() => false);
        response
          .writeHead(ready ? 200 : 503, { "content-type": "text/plain" })
          .end(ready ? "ready\n" : "not ready\n");
      } else {
        response
          .writeHead(404, { "content-type": "text/plain" })
          .end("not found: try /metrics, /healthz, /readyz\n");
      }
    } catch (error) {
      response.writeHead(500, { "content-type": "text/plain" }).end(`${(error as Error).message}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's keep-alive connection must not hold the shutdown.
        server.closeAllConnections();
      }),
  };
}
