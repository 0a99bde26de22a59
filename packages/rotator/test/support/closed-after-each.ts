import { afterEach } from "vitest";

/**
 * Wraps a setup function (`liveSetup`, `standaloneWorld`...) so that whatever a test opens with it
 * is closed after that test, pass or fail.
 */
export function closedAfterEach<A extends unknown[], T extends { close(): Promise<unknown> }>(
  open: (...args: A) => Promise<T>,
): (...args: A) => Promise<T> {
  const opened: T[] = [];
  afterEach(async () => {
    for (const item of opened.splice(0)) await item.close();
  });
  return async (...args) => {
    const item = await open(...args);
    opened.push(item);
    return item;
  };
}
