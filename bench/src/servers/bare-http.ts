import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** The constant body of the floors: about the size of one API key. */
export const BARE_BODY = { id: 1, name: "bench", allowedIp: [], createdAt: "2026-01-01T00:00:00Z" };

/** A node:http server answering one constant JSON body: the floor any mock is measured against. */
export async function startBareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const body = JSON.stringify(BARE_BODY);
  const server = createServer((_request, response) => {
    response.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
