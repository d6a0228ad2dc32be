/** A fake backoff clock: records every requested delay and resolves at once, so retry tests never sleep. */
export interface RecordingSleep {
  sleep: (ms: number) => Promise<void>;
  delays: number[];
}

/** Creates a {@link RecordingSleep}. */
export function recordingSleep(): RecordingSleep {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
}
