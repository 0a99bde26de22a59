/**
 * Redis Cluster hash tags. Redis hashes only the part of a key between the first `{` and the next
 * `}` (when that part is not empty), so keys sharing a tag share a slot. BullMQ's queue operations
 * are Lua scripts over several keys, which a cluster runs only when all of them are in one slot:
 * on a cluster the queue prefix must carry a tag.
 */

/**
 * The hash tag Redis would use for keys starting with `prefix` (the text inside the braces), or
 * undefined when such keys are hashed whole (no `{`, no `}` after it, or `{}`).
 */
export function hashTagOf(prefix: string): string | undefined {
  const open = prefix.indexOf("{");
  if (open < 0) return undefined;
  const close = prefix.indexOf("}", open + 1);
  if (close <= open + 1) return undefined;
  return prefix.slice(open + 1, close);
}
