import type { ServerResponse } from "node:http";
import { type MockReply, statusText } from "../exchange/reply.js";

/** Writes a service's reply: its status, reason phrase, headers and body text, nothing else. */
export function writeReply(res: ServerResponse, reply: MockReply, method: string): void {
  const pairs: string[] = [];
  let hasLength = false;
  for (const name in reply.headers) {
    pairs.push(name, reply.headers[name]!);
    if (name.toLowerCase() === "content-length") hasLength = true;
  }
  // a 204 or 304 carries no length (RFC 9110 §8.6), as Go's and Spring's servers send them
  if (!hasLength && reply.status !== 204 && reply.status !== 304) {
    pairs.push("content-length", String(Buffer.byteLength(reply.body)));
  }
  res.writeHead(reply.status, statusText(reply.status) || undefined, pairs);
  res.end(method === "HEAD" || reply.body === "" ? undefined : reply.body);
}

/** Writes the Response of a user's own msw handler. */
export async function writeResponse(res: ServerResponse, response: Response, method: string): Promise<void> {
  const payload = Buffer.from(await response.arrayBuffer());
  const pairs: string[] = [];
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") pairs.push(name, value);
  });
  for (const cookie of response.headers.getSetCookie()) pairs.push("set-cookie", cookie);
  if (!response.headers.has("content-length")) pairs.push("content-length", String(payload.length));
  res.writeHead(response.status, response.statusText || undefined, pairs);
  res.end(method === "HEAD" ? undefined : payload);
}

/** The server's own error body (no route, unreadable request, too large, a crash), Spring-shaped. */
export function writeServerError(
  res: ServerResponse,
  now: number,
  status: number,
  path: string,
  message: string,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify({
    timestamp: new Date(now).toISOString(),
    status,
    error: statusText(status),
    message,
    path,
  });
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
