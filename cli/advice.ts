/**
 * The client's messages speak of its options (`allowInsecureHttp: true`, "the `token` option"); a CLI user can only
 * follow advice about the CLI's own flags and environment variables, so those phrases are rewritten here.
 */

const REWRITES: readonly [RegExp, string][] = [
  [/set allowInsecureHttp: true/g, "pass --allow-insecure-http"],
  [/pass the `token` option or set ALTCRAFT_TOKEN/g, "set ALTCRAFT_TOKEN or pass --token-file <path>"],
  [/pass the `token` option/g, "pass --token-file <path>"],
  [/through the `token` option/g, "through ALTCRAFT_TOKEN or --token-file <path>"],
  [/pass the `baseUrl` option/g, "pass --base-url"],
];

/** `message` with every client-option advice replaced by the matching CLI flag. */
export function cliAdvice(message: string): string {
  return REWRITES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}
