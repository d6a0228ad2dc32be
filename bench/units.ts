/** Human-readable units for the markdown report. */

/** 0.42 → "0.42 ms", 51.9 → "51.9 ms", 760 → "760 ms", 1234 → "1.23 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  const size = Math.abs(ms);
  if (size >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (size >= 100) return `${ms.toFixed(0)} ms`;
  if (size >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** 612 → "612 B", 20480 → "20.0 KB" (KB = 1024 bytes), 73400320 → "70.0 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
