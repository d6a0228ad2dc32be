/** Records unhandled promise rejections in this process while a suite runs, so a test can assert there were none. */

/** A recorder installed with {@link recordUnhandledRejections}. */
export interface RejectionRecorder {
  /** Every rejection reason seen since installing. */
  readonly reasons: unknown[];
  /** Removes the listener. */
  uninstall(): void;
}

/** Installs a `process.on("unhandledRejection")` listener (call in `before`, uninstall in `after`). */
export function recordUnhandledRejections(): RejectionRecorder {
  const reasons: unknown[] = [];
  const listener = (reason: unknown): void => void reasons.push(reason);
  process.on("unhandledRejection", listener);
  return { reasons, uninstall: () => void process.off("unhandledRejection", listener) };
}
