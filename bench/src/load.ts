import autocannon from "autocannon";

/** One HTTP request to fire repeatedly. */
export interface LoadTarget {
  url: string;
  method?: "GET" | "POST" | "PUT" | "DELETE";
  headers?: Record<string, string>;
  body?: string;
}

/** Requests per second and tail latency of one load run. */
export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/**
 * Fires a target with a fixed number of connections for a fixed time (autocannon, loopback).
 * Fixed connections keep runs comparable; errors and non-2xx answers are reported, never hidden.
 */
export async function runLoad(
  target: LoadTarget,
  options: { seconds: number; connections: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url: target.url,
    method: target.method ?? "GET",
    headers: target.headers,
    body: target.body,
    connections: options.connections,
    duration: options.seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
