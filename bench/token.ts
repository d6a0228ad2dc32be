/** The API token every bench emulator accepts. A throwaway value, but still never printed or written to results. */
export const BENCH_TOKEN = "bench-token-91c7e2";
