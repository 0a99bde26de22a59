/** Retry options that never sleep, recording the delays the SDK asked for. */
export function instantRetry(retries = 2) {
  const delays: number[] = [];
  return {
    delays,
    retry: {
      retries,
      random: () => 0.5,
      sleep: async (ms: number, signal?: AbortSignal) => {
        signal?.throwIfAborted();
        delays.push(ms);
      },
    },
  };
}
