import { AltcraftClient, ENV_BASE_URL, ENV_TOKEN, isAltcraftError, readEnv, type AltcraftClientOptions } from "../sdk";
import { MANUAL_PAUSE_RULES, type ManualPauseRule } from "./inputs";

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
  verifyOnPreview: "altcraft:verifyOnPreview",
  onManualPause: "altcraft:onManualPause",
} as const;

/** `altcraft:*` keys that belong to the mailings program, not to the provider: never reported as unknown. */
export const PROGRAM_CONFIG_KEYS: readonly string[] = ["altcraft:mailingsFile"];

/** The environment variables read, when a call is made, for settings the stack config leaves out. */
export const ENV_VARS = {
  baseUrl: ENV_BASE_URL,
  token: ENV_TOKEN,
} as const;

/** How many API calls one provider process makes at once, unless `altcraft:maxConcurrency` says otherwise. */
export const DEFAULT_MAX_CONCURRENCY = 8;

/** The raw config strings handed to `configure`. Held in the provider process only, never serialized. */
export type ConnectionConfig = Partial<Record<keyof typeof CONFIG_KEYS, string>>;

/** Every provider setting, checked: client options, the concurrency bound, and the behaviour switches. */
export interface ResolvedConnection {
  client: AltcraftClientOptions;
  maxConcurrency: number;
  /** Read each declared mailing during `check` (preview and up), failing early on an unknown id or a token without access. */
  verifyOnPreview: boolean;
  /** The stack's rule for a mailing paused outside Pulumi; a resource's `onManualPause` input wins. */
  onManualPause: ManualPauseRule;
}

/** Thrown for missing or malformed settings; the message lists every problem, says how to fix it and never shows the token. */
export class ConnectionSettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectionSettingError";
    this.message = message;
  }
}

/**
 * Reads the provider's keys out of the stack config Pulumi hands to `configure`. `unknown` lists `altcraft:*` keys
 * this provider does not know (a typo such as `altcraft:tokn` would otherwise be ignored in silence).
 */
export function readConnectionConfig(config: { get(key: string): string | undefined }): ConnectionConfig & { unknown?: string[] } {
  const out: ConnectionConfig & { unknown?: string[] } = {};
  for (const [name, key] of Object.entries(CONFIG_KEYS) as [keyof typeof CONFIG_KEYS, string][]) {
    const value = config.get(key)?.trim();
    if (value) out[name] = value;
  }
  // The SDK's Config keeps the whole stack config in `rawConfig` (cmd/dynamic-provider/config.ts); not part of its typed API.
  const raw = (config as { rawConfig?: unknown }).rawConfig;
  if (raw && typeof raw === "object") {
    const known = new Set<string>([...Object.values(CONFIG_KEYS), ...PROGRAM_CONFIG_KEYS]);
    const unknown = Object.keys(raw).filter((key) => key.startsWith("altcraft:") && !known.has(key));
    if (unknown.length > 0) out.unknown = unknown.sort();
  }
  return out;
}

/** True when the stack config handed to `configure` holds no `altcraft:*` key at all. */
export function hasNoAltcraftKeys(config: ConnectionConfig & { unknown?: string[] }): boolean {
  return Object.keys(config).length === 0;
}

/** The last settings resolved for each config object, and what they were resolved from. */
interface ResolvedEntry {
  entries: [string, unknown][];
  env: NodeJS.ProcessEnv;
  baseUrlEnv: string | undefined;
  tokenEnv: string | undefined;
  resolved: ResolvedConnection;
}

// Every RPC of the provider host resolves its provider's settings (lifecycle.ts sessionFor); checking them builds a
// throwaway client (axios instance, agent), about 0.3 ms of the host's one thread per call. The answer depends only
// on the config's values and the two environment variables, so it is kept per config object and reused while those
// are unchanged. A WeakMap keyed by the object: no token in a key, nothing kept once the config is dropped.
const resolvedByConfig = new WeakMap<object, ResolvedEntry>();

/**
 * Resolves every setting from stack config, falling back to the environment for the base URL and token. Fails once,
 * listing every bad or missing setting with how to fix it; makes no API call. The result is frozen and the same
 * object for the same config object while its values and the environment variables are unchanged.
 */
export function resolveConnection(config: ConnectionConfig & { unknown?: string[] }, env: NodeJS.ProcessEnv = process.env): ResolvedConnection {
  // Each read of process.env is a call into the C++ environment: only the variables the config leaves to it are read.
  const baseUrlEnv = config.baseUrl == null ? env[ENV_VARS.baseUrl] : undefined;
  const tokenEnv = config.token == null ? env[ENV_VARS.token] : undefined;
  const cached = resolvedByConfig.get(config);
  if (cached && cached.env === env && cached.baseUrlEnv === baseUrlEnv && cached.tokenEnv === tokenEnv && sameEntries(cached.entries, config)) {
    return cached.resolved;
  }
  const resolved = resolveAfresh(config, env);
  Object.freeze(resolved.client);
  resolvedByConfig.set(config, { entries: Object.entries(config).map(([key, value]) => [key, Array.isArray(value) ? [...value] : value]), env, baseUrlEnv, tokenEnv, resolved: Object.freeze(resolved) });
  return resolved;
}

/** True when `config` still has exactly the own properties and values recorded in `entries` (lists compared item by item). */
function sameEntries(entries: readonly [string, unknown][], config: object): boolean {
  if (Object.keys(config).length !== entries.length) return false;
  for (const [key, value] of entries) {
    if (!Object.prototype.hasOwnProperty.call(config, key)) return false;
    const now = (config as Record<string, unknown>)[key];
    if (Array.isArray(value) ? !Array.isArray(now) || now.length !== value.length || value.some((item, i) => item !== now[i]) : now !== value) return false;
  }
  return true;
}

function resolveAfresh(config: ConnectionConfig & { unknown?: string[] }, env: NodeJS.ProcessEnv): ResolvedConnection {
  const problems: string[] = [];
  const baseUrl = config.baseUrl ?? readEnv(ENV_VARS.baseUrl, env);
  const token = config.token ?? readEnv(ENV_VARS.token, env);
  if (!baseUrl) problems.push(`the API base URL is not set: \`pulumi config set ${CONFIG_KEYS.baseUrl} https://<your Altcraft host>\` or ${ENV_VARS.baseUrl}`);
  if (!token) problems.push(`the API token is not set: \`pulumi config set --secret ${CONFIG_KEYS.token} <token>\` or ${ENV_VARS.token}`);
  for (const key of config.unknown ?? []) {
    problems.push(`${key} is not a setting of this provider; known: ${[...Object.values(CONFIG_KEYS), ...PROGRAM_CONFIG_KEYS].join(", ")}`);
  }
  const collect = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ConnectionSettingError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  };

  const client: AltcraftClientOptions = { baseUrl: baseUrl ?? "", token: token ?? "" };
  if (config.format !== undefined) client.format = collect(() => oneOf(CONFIG_KEYS.format, config.format!, ["json", "xml"] as const));
  if (config.tokenPlacement !== undefined) {
    client.tokenPlacement = collect(() => oneOf(CONFIG_KEYS.tokenPlacement, config.tokenPlacement!, ["body", "header"] as const));
  }
  if (config.timeoutMs !== undefined) client.timeoutMs = collect(() => integer(CONFIG_KEYS.timeoutMs, config.timeoutMs!, 1, "milliseconds"));
  if (config.maxRetries !== undefined) client.maxRetries = collect(() => integer(CONFIG_KEYS.maxRetries, config.maxRetries!, 0, "retries"));
  if (config.retryBaseMs !== undefined) client.retryBaseMs = collect(() => integer(CONFIG_KEYS.retryBaseMs, config.retryBaseMs!, 0, "milliseconds"));
  if (config.allowInsecureHttp !== undefined) {
    client.allowInsecureHttp = collect(() => oneOf(CONFIG_KEYS.allowInsecureHttp, config.allowInsecureHttp!, ["true", "false"] as const) === "true");
  }
  const maxConcurrency =
    config.maxConcurrency === undefined
      ? DEFAULT_MAX_CONCURRENCY
      : collect(() => integer(CONFIG_KEYS.maxConcurrency, config.maxConcurrency!, 1, "calls at once"));
  const verifyOnPreview =
    config.verifyOnPreview === undefined ? true : collect(() => oneOf(CONFIG_KEYS.verifyOnPreview, config.verifyOnPreview!, ["true", "false"] as const) === "true");
  const onManualPause =
    config.onManualPause === undefined ? "keep" : collect(() => oneOf(CONFIG_KEYS.onManualPause, config.onManualPause!, MANUAL_PAUSE_RULES));
  for (const key of Object.keys(client) as (keyof AltcraftClientOptions)[]) if (client[key] === undefined) delete client[key];

  // The client checks what only it knows (URL shape, https, ranges); reported under the key the user sets.
  if (baseUrl && token && problems.length === 0) collect(() => clientProblem(client));
  if (problems.length > 0) {
    throw new ConnectionSettingError(
      problems.length === 1 ? `Altcraft provider settings: ${problems[0]}` : `Altcraft provider settings (${problems.length} problems):\n- ${problems.join("\n- ")}`,
    );
  }
  return { client, maxConcurrency: maxConcurrency!, verifyOnPreview: verifyOnPreview!, onManualPause: onManualPause! };
}

/** Builds a throwaway client to surface its option errors, renamed to the stack config keys the user sets. */
function clientProblem(options: AltcraftClientOptions): void {
  try {
    new AltcraftClient(options);
  } catch (error) {
    if (!isAltcraftError(error) || error.kind !== "config") throw error;
    // The client names its own options (`maxRetries`); the user sets stack config (`altcraft:maxRetries`).
    const names = Object.keys(CONFIG_KEYS).join("|");
    throw new ConnectionSettingError(error.message.replace(new RegExp(`(?<!altcraft:)\\b(${names})\\b`, "g"), "altcraft:$1"));
  }
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
