/**
 * Runs Pulumi programs (the root program, the examples) through the real Node.js language runtime against one
 * emulator, keeping the stack state from one run to the next like a stack would. Each run starts its own
 * dynamic-provider host, as the engine starts one provider process per deployment: the provider remembers what one
 * deployment declared (its deletes skip mailings still declared), so a host shared across runs would carry that
 * memory into the next `up` and hide a deactivation.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator, type Execution, type SeedMailing } from "../../../emulator";
import { MUTATING_ENDPOINTS } from "../../../sdk/endpoints";
import { runProgram, type ProgramState, type RunProgramResult } from "../../harness/languageRuntime";
import type { ProviderHost } from "../../harness/providerHost";

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
/** The type token of `ActivatedMailing` registrations. */
export const ACTIVATED_MAILING_TYPE = "pulumi-nodejs:dynamic/altcraft:ActivatedMailing";
/** The token the emulator accepts in these tests. */
export const TEST_TOKEN = "examples-token-3f9c1e";

/** Options of one run: `pulumi preview` with `dryRun`, else `pulumi up`. */
export interface StackRunOptions {
  dryRun?: boolean;
  /** Project config (`key` → `<project>:key`) merged over the stack's own. */
  config?: Record<string, string>;
  /** Start from an empty stack instead of the state of the previous `up`. */
  fresh?: boolean;
  /** Type-check the program as the CLI does by default (slower; once per program is enough). */
  typeCheck?: boolean;
}

/** One stack of one program, against a shared emulator and provider host. */
export class EmulatedStack {
  /** State after the last successful `up`. */
  state: ProgramState | undefined;

  constructor(
    readonly emulator: Emulator,
    /**
     * A provider host to reuse for every run, or undefined (the default of {@link startEmulatedWorld}) for a new host
     * per run, as the engine does. Reuse only for a single run: the provider's per-deployment memory outlives a run.
     */
    readonly host: ProviderHost | undefined,
    readonly programDir: string,
    readonly project: string,
    readonly stack: string,
    /** Stack config as `pulumi config set` would hold it, full keys. */
    readonly baseConfig: Record<string, string> = {},
  ) {}

  /** Runs the program once; an `up` that succeeds becomes the state of the next run. */
  async run(options: StackRunOptions = {}): Promise<RunProgramResult> {
    const projectConfig = Object.fromEntries(Object.entries(options.config ?? {}).map(([key, value]) => [qualify(this.project, key), value]));
    const result = await runProgram({
      programDir: this.programDir,
      project: this.project,
      stack: this.stack,
      ...(this.host ? { host: this.host } : {}),
      config: {
        "altcraft:baseUrl": this.emulator.url,
        "altcraft:token": TEST_TOKEN,
        ...this.baseConfig,
        ...projectConfig,
      },
      secretKeys: ["altcraft:token"],
      dryRun: options.dryRun === true,
      typeCheck: options.typeCheck === true,
      ...(options.fresh || !this.state ? {} : { state: this.state }),
    });
    if (!options.dryRun && result.exitCode === 0) this.state = result.state;
    return result;
  }
}

function qualify(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** One emulator for a describe block; `close` stops it. */
export interface EmulatedWorld {
  emulator: Emulator;
  /**
   * Always undefined: each {@link EmulatedStack} run starts its own provider host (one provider process per
   * deployment, as the engine does). Kept so `new EmulatedStack(world.emulator, world.host, …)` reads as before.
   */
  host: undefined;
  close(): Promise<void>;
}

/**
 * Starts the emulator, seeded with `mailings` (inactive unless said otherwise). `programDir` is where each run's
 * provider host starts (the program's folder, so it reaches `node_modules`); it is checked here so a typo fails early.
 * The project is named per {@link EmulatedStack}; the second argument is accepted for existing callers.
 */
export async function startEmulatedWorld(programDir: string, _project: string, mailings: SeedMailing[]): Promise<EmulatedWorld> {
  if (!fs.statSync(programDir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`startEmulatedWorld: program folder ${programDir} does not exist`);
  const emulator = await startEmulator({ tokens: [TEST_TOKEN], mailings });
  return { emulator, host: undefined, close: () => emulator.close() };
}

/** Executed calls that change something on the platform (activate, deactivate, ...), from index `since` on. */
export function mutatingCalls(emulator: Emulator, since = 0): Execution[] {
  return emulator.executions.slice(since).filter((e) => MUTATING_ENDPOINTS.has(e.endpoint));
}

/** `activate 101`, `deactivate 205`: a compact, order-preserving view of mutating calls. */
export function callSummary(calls: readonly Execution[]): string[] {
  return calls.map((call) => `${call.endpoint} ${call.mailingId ?? "?"}`);
}

/** The ActivatedMailing operations of a run, as `create welcome-series`. */
export function mailingOperations(result: RunProgramResult): string[] {
  return result.operations.filter((o) => o.type === ACTIVATED_MAILING_TYPE).map((o) => `${o.op} ${o.name}`);
}

/** The run's log as one string, for failure messages and `match` assertions. */
export function logText(result: RunProgramResult): string {
  return result.log.join("\n");
}

/**
 * What a preview asked the API since request index `since`: the ids of the mailings it read with `campaigns/get`,
 * sorted. Throws when any other request was made (a preview must never write, and reads only with `campaigns/get`).
 */
export function previewReads(emulator: Emulator, since = 0): number[] {
  const requests = emulator.requests.slice(since);
  const other = requests.filter((r) => r.endpoint !== "get");
  if (other.length > 0) throw new Error(`a preview called ${other.map((r) => `${r.method} ${r.path}`).join(", ")}; only campaigns/get is allowed`);
  return requests.map((r) => Number(r.body?.id)).sort((a, b) => a - b);
}
