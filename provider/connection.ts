import { ENV_BASE_URL, ENV_TOKEN, readEnv, type AltcraftClientOptions } from "../sdk";

/** Stack config keys the provider reads in `configure` (set with `pulumi config set [--secret] altcraft:<key> …`). */
export const CONFIG_KEYS = {
  baseUrl: "altcraft:baseUrl",
  token: "altcraft:token",
  format: "altcraft:format",
  tokenPlacement: "altcraft:tokenPlacement",
  timeoutMs: "altcraft:timeoutMs",
  maxRetries: "altcraft:maxRetries",
  retryBaseMs: "altcraft:retryBaseMs",
  maxConcurrency: "altcraft:maxConcurrency",
  allowInsecureHttp: "altcraft:allowInsecureHttp",
} as const;

/** The environment variables read, when a call is made, for settings the stack config leaves out. */
export const ENV_VARS = {
  baseUrl: ENV_BASE_URL,
  token: ENV_TOKEN,
} as const;

/** How many API calls one provider process makes at once, unless `altcraft:maxConcurrency` says otherwise. */
export const DEFAULT_MAX_CONCURRENCY = 8;

/** The raw config strings handed to `configure`. Held in the provider process only, never serialized. */
export type ConnectionConfig = Partial<Record<keyof typeof CONFIG_KEYS, string>>;

/** A connection ready to use: client options plus the provider's own concurrency bound. */
export interface ResolvedConnection {
  client: AltcraftClientOptions;
  maxConcurrency: number;
}

/** Thrown for a missing or malformed connection setting; the message says how to fix it and never shows the token. */
export class ConnectionSettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectionSettingError";
    this.message = message;
  }
}

/** Reads the provider's keys out of the stack config Pulumi hands to `configure`. */
export function readConnectionConfig(config: { get(key: string): string | undefined }): ConnectionConfig {
  const out: ConnectionConfig = {};
  for (const [name, key] of Object.entries(CONFIG_KEYS) as [keyof typeof CONFIG_KEYS, string][]) {
    const value = config.get(key)?.trim();
    if (value) out[name] = value;
  }
  return out;
}

/**
 * Resolves the connection from stack config, falling back to the environment for the base URL and token.
 * Fails once, naming both ways to supply a missing setting.
 */
export function resolveConnection(config: ConnectionConfig, env: NodeJS.ProcessEnv = process.env): ResolvedConnection {
  const baseUrl = config.baseUrl ?? readEnv(ENV_VARS.baseUrl, env);
  const token = config.token ?? readEnv(ENV_VARS.token, env);
  const missing: string[] = [];
  if (!baseUrl) missing.push(`the API base URL: \`pulumi config set ${CONFIG_KEYS.baseUrl} https://<your Altcraft host>\` or ${ENV_VARS.baseUrl}`);
  if (!token) missing.push(`the API token: \`pulumi config set --secret ${CONFIG_KEYS.token} <token>\` or ${ENV_VARS.token}`);
  if (missing.length > 0) throw new ConnectionSettingError(`Altcraft connection is not configured; set ${missing.join("; and ")}`);

  const client: AltcraftClientOptions = { baseUrl, token };
  if (config.format !== undefined) client.format = oneOf(CONFIG_KEYS.format, config.format, ["json", "xml"] as const);
  if (config.tokenPlacement !== undefined) {
    client.tokenPlacement = oneOf(CONFIG_KEYS.tokenPlacement, config.tokenPlacement, ["body", "header"] as const);
  }
  if (config.timeoutMs !== undefined) client.timeoutMs = integer(CONFIG_KEYS.timeoutMs, config.timeoutMs, 1, "milliseconds");
  if (config.maxRetries !== undefined) client.maxRetries = integer(CONFIG_KEYS.maxRetries, config.maxRetries, 0, "retries");
  if (config.retryBaseMs !== undefined) client.retryBaseMs = integer(CONFIG_KEYS.retryBaseMs, config.retryBaseMs, 0, "milliseconds");
  if (config.allowInsecureHttp !== undefined) {
    client.allowInsecureHttp = oneOf(CONFIG_KEYS.allowInsecureHttp, config.allowInsecureHttp, ["true", "false"] as const) === "true";
  }
  const maxConcurrency =
    config.maxConcurrency === undefined ? DEFAULT_MAX_CONCURRENCY : integer(CONFIG_KEYS.maxConcurrency, config.maxConcurrency, 1, "calls at once");
  return { client, maxConcurrency };
}

function oneOf<T extends string>(key: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConnectionSettingError(`${key} must be one of ${allowed.join(", ")}; got "${value}"`);
}

function integer(key: string, value: string, min: number, unit: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min) {
    throw new ConnectionSettingError(`${key} must be a whole number of ${unit}, at least ${min}; got "${value}"`);
  }
  return parsed;
}
