/**
 * Runs Pulumi programs (the root program, the examples) through the real Node.js language runtime against one
 * emulator and one dynamic-provider host, keeping the stack state from one run to the next like a stack would.
 */
import * as path from "node:path";
import { startEmulator, type Emulator, type Execution, type SeedMailing } from "../../../emulator";
import { MUTATING_ENDPOINTS } from "../../../sdk/endpoints";
import { runProgram, type ProgramState, type RunProgramResult } from "../../harness/languageRuntime";
import { startProviderHost, type ProviderHost } from "../../harness/providerHost";

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
}

/** One stack of one program, against a shared emulator and provider host. */
export class EmulatedStack {
  /** State after the last successful `up`. */
  state: ProgramState | undefined;

  constructor(
    readonly emulator: Emulator,
    readonly host: ProviderHost,
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
      host: this.host,
      config: {
        "altcraft:baseUrl": this.emulator.url,
        "altcraft:token": TEST_TOKEN,
        ...this.baseConfig,
        ...projectConfig,
      },
      secretKeys: ["altcraft:token"],
      dryRun: options.dryRun === true,
      ...(options.fresh || !this.state ? {} : { state: this.state }),
    });
    if (!options.dryRun && result.exitCode === 0) this.state = result.state;
    return result;
  }
}

function qualify(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** One emulator and one provider host for a describe block; `close` stops both. */
export interface EmulatedWorld {
  emulator: Emulator;
  host: ProviderHost;
  close(): Promise<void>;
}

/** Starts the emulator (seeded with inactive mailings) and a provider host in `hostCwd`. */
export async function startEmulatedWorld(hostCwd: string, project: string, mailings: SeedMailing[]): Promise<EmulatedWorld> {
  const emulator = await startEmulator({ tokens: [TEST_TOKEN], mailings });
  let host: ProviderHost;
  try {
    host = await startProviderHost({ cwd: hostCwd, project });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  return {
    emulator,
    host,
    async close() {
      await host.stop();
      await emulator.close();
    },
  };
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
