/**
 * `work`, or `fallback` when it has not settled within `ms` (or has failed): the one way the rotator
 * bounds a wait on something it does not control (a Redis command queued while Redis is away, a
 * BullMQ close stuck behind a request, an exporter's flush, webhooks still being queued).
 */
export function within<T>(ms: number, work: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([work.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}
