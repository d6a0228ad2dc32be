/** The environment variable the client reads when the `baseUrl` option is left out. */
export const ENV_BASE_URL = "ALTCRAFT_BASE_URL";
/** The environment variable the client reads when the `token` option is left out. */
export const ENV_TOKEN = "ALTCRAFT_TOKEN";

/** Reads an environment variable, trimmed; an empty or blank value counts as unset. */
export function readEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}
