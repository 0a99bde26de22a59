/**
 * Keeps the `count` first items of a stream under a total order, without sorting the whole stream:
 * a bounded max-heap whose root is the worst item kept, so each later item costs one comparison
 * when it cannot enter and O(log count) when it can. A page of 25 out of 100k matches is then
 * found in O(n log 25) rather than O(n log n).
 */
export class FirstInOrder<T> {
  private readonly heap: T[] = [];

  /**
   * @param count how many items to keep
   * @param compare a total order (never 0 for distinct items): negative when `a` comes first
   */
  constructor(
    private readonly count: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  /**
   * Offers one item; it is kept when it is among the first `count` seen so far.
   * @param keep makes the copy that is kept, so callers may offer a reused holder and pay for a
   *   copy only when the item enters
   */
  offer(item: T, keep: (item: T) => T = (same) => same): void {
    const { heap, compare } = this;
    if (heap.length < this.count) {
      heap.push(keep(item));
      this.siftUp(heap.length - 1);
    } else if (heap.length > 0 && compare(item, heap[0] as T) < 0) {
      heap[0] = keep(item);
      this.siftDown(0);
    }
  }

  /** Whether {@link offer} would keep the item now; an item refused now is refused for good. */
  accepts(item: T): boolean {
    const { heap } = this;
    return heap.length < this.count || (heap.length > 0 && this.compare(item, heap[0] as T) < 0);
  }

  /** The items kept, in order. */
  sorted(): T[] {
    return [...this.heap].sort(this.compare);
  }

  private siftUp(index: number): void {
    const { heap, compare } = this;
    const item = heap[index] as T;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (compare(heap[parent] as T, item) >= 0) break;
      heap[index] = heap[parent] as T;
      index = parent;
    }
    heap[index] = item;
  }

  private siftDown(index: number): void {
    const { heap, compare } = this;
    const item = heap[index] as T;
    const length = heap.length;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      if (child + 1 < length && compare(heap[child + 1] as T, heap[child] as T) > 0) child++;
      if (compare(heap[child] as T, item) <= 0) break;
      heap[index] = heap[child] as T;
      index = child;
    }
    heap[index] = item;
  }
}
