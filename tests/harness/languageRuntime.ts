/**
 * Runs a whole Pulumi TypeScript program through the real Node.js language runtime (`@pulumi/pulumi/cmd/run`),
 * with a small in-process resource monitor standing in for the engine, and dynamic resources forwarded to the real
 * dynamic-provider host. A test harness for end-to-end smoke tests, not a deployment engine: see
 * docs/testing-harness.md for what it leaves out.
 */
import * as path from "node:path";
import { spawnNode, type ChildExit, type SupervisedChild } from "./childProcess";
import { startMonitorServer, type MonitorServer } from "./monitorServer";
import {
  ProgramDeployment,
  type ProgramOperation,
  type ProgramResource,
  type ProgramState,
} from "./programDeployment";
import { startProviderHost, type ProviderHost } from "./providerHost";
import { LANGUAGE_RUNTIME_ENTRY } from "./pulumiModules";
import { configFromProviderInputs, DEFAULT_PROVIDER_NAME, DEFAULT_PROVIDER_TYPE } from "./snapshot";

export type { ProgramOperation, ProgramResource, ProgramState } from "./programDeployment";

// Preloaded into the runtime so a failing program's error report cannot hang it (see the file's comment).
const INSPECT_COLOR_GUARD = path.join(__dirname, "inspectColorGuard.js");
// Below mocha's 30 s test timeout, so a hung program fails with its output instead of a bare timeout.
const DEFAULT_TIMEOUT_MS = 25_000;
// Type-checking a program with ts-node takes several seconds more.
const TYPECHECK_TIMEOUT_MS = 60_000;
/** Exit code the CLI reports when the program ran but a resource operation failed. */
export const DEPLOYMENT_FAILED_EXIT_CODE = 255;

/** Options of {@link runProgram}. */
export interface RunProgramOptions {
  /** Directory with Pulumi.yaml, index.ts and tsconfig.json. */
  programDir: string;
  project: string;
  stack: string;
  /** Stack config, `"project:key"` / `"altcraft:token"` → value (PULUMI_CONFIG; also sent to the provider's Configure). */
  config?: Record<string, string>;
  /** Config keys that are secrets (PULUMI_CONFIG_SECRET_KEYS). */
  secretKeys?: string[];
  /** Preview: Check/Diff only, nothing created, updated or deleted, state unchanged. */
  dryRun?: boolean;
  /** State from the previous run; undefined = empty stack. */
  state?: ProgramState;
  /** Host for dynamic resources; when absent one is started with cwd = programDir and stopped afterwards. */
  host?: ProviderHost;
  /** Extra environment for the program (and a host started by this run). */
  env?: Record<string, string>;
  /** Kill the program and reject after this long. Default 25 s (60 s with `typeCheck`). */
  timeoutMs?: number;
  /** Type-check the program as the CLI does by default (no `PULUMI_NODEJS_TRANSPILE_ONLY`). Default false (faster). */
  typeCheck?: boolean;
  /** `--parallel`; default 4 × CPUs. */
  parallel?: number;
  /** Node arguments that start a host this run starts itself (see `ProviderHostOptions.command`). */
  hostCommand?: readonly string[];
}

/** Result of {@link runProgram}. */
export interface RunProgramResult {
  /** What `pulumi up` would exit with: the program's code, or 255 if it exited 0 but a resource operation failed. */
  exitCode: number;
  /** The program process's own exit code. */
  programExitCode: number;
  /** Stack outputs, secrets unwrapped (under dry run, values not known yet are the UNKNOWN sentinel). */
  outputs: Record<string, unknown>;
  /** Names of stack outputs that were secret. */
  secretOutputs: string[];
  /** State to pass to the next run. */
  state: ProgramState;
  /** Engine.Log messages (`severity: message`), resource errors, then program and host stdout/stderr lines. */
  log: string[];
  /** Debug-severity Engine.Log messages, kept apart because the CLI hides them by default. */
  debugLog: string[];
  /** Resource operations in the order they happened (deletes last). */
  operations: ProgramOperation[];
  /** Resource errors, as `<urn>: <message>`. */
  errors: string[];
}

// The SDK colours stack traces; tests match on text, so drop the escape sequences.
const ANSI_ESCAPE = /\u001b\[[0-9;]*m/g;

function lines(text: string): string[] {
  return text
    .replace(ANSI_ESCAPE, "")
    .split("\n")
    .filter((line) => line.trim() !== "");
}

/** Spawns the language runtime on the program and waits for it to exit (killing it after the timeout). */
async function runLanguageRuntime(options: RunProgramOptions, monitorAddress: string, log: string[]): Promise<SupervisedChild & { code: number }> {
  const args = [
    `--require=${INSPECT_COLOR_GUARD}`,
    LANGUAGE_RUNTIME_ENTRY,
    `--monitor=${monitorAddress}`,
    `--engine=${monitorAddress}`,
    `--project=${options.project}`,
    `--stack=${options.stack}`,
    `--pwd=${options.programDir}`,
    ...(options.dryRun ? ["--dry-run"] : []),
    ...(options.parallel !== undefined ? [`--parallel=${options.parallel}`] : []),
    options.programDir,
  ];
  const inherited = { ...process.env };
  if (options.typeCheck) {
    // Mocha runs with TS_NODE_TRANSPILE_ONLY; ts-node in the program would inherit it and skip type-checking.
    delete inherited.TS_NODE_TRANSPILE_ONLY;
    delete inherited.PULUMI_NODEJS_TRANSPILE_ONLY;
  }
  const program = spawnNode(args, {
    cwd: options.programDir,
    env: {
      ...inherited,
      ...options.env,
      PULUMI_CONFIG: JSON.stringify(options.config ?? {}),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(options.secretKeys ?? []),
      PULUMI_NODEJS_TYPESCRIPT: "true",
      ...(options.typeCheck ? {} : { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }),
    },
  });
  const timeoutMs = options.timeoutMs ?? (options.typeCheck ? TYPECHECK_TIMEOUT_MS : DEFAULT_TIMEOUT_MS);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const exit: ChildExit | "timeout" = await Promise.race([program.exited, timedOut]);
  clearTimeout(timer);
  if (exit === "timeout") {
    await program.stop(0);
    const output = [...log, ...lines(program.stdout()), ...lines(program.stderr())].join("\n");
    throw new Error(`program in ${options.programDir} did not finish within ${timeoutMs} ms; output:\n${output}`);
  }
  return Object.assign(program, { code: exit.code ?? 1 });
}

/** Host output printed since `before` (a host started by this run: everything after its port line). */
function hostOutputSince(host: ProviderHost, before: { stdout: string; stderr: string } | undefined): string[] {
  const now = host.output();
  const stdoutStart = before ? before.stdout.length : now.stdout.indexOf("\n") + 1;
  const stderrStart = before ? before.stderr.length : 0;
  return [...lines(now.stdout.slice(stdoutStart)), ...lines(now.stderr.slice(stderrStart))];
}

/** Runs the program once, like `pulumi up` (or `pulumi preview` with `dryRun`) against an in-memory stack. */
export async function runProgram(options: RunProgramOptions): Promise<RunProgramResult> {
  const log: string[] = [];
  const debugLog: string[] = [];

  // Start the host while the program boots; the first dynamic registration waits for it. It is configured only when
  // a call needs it: the engine configures the provider when the program registers its first dynamic resource (the
  // default provider's registration), so a program that declares none makes no provider call at all.
  const ownHost = options.host
    ? undefined
    : startProviderHost({
        cwd: options.programDir,
        project: options.project,
        ...(options.env && { env: options.env }),
        ...(options.hostCommand && { command: options.hostCommand }),
      });
  ownHost?.catch(() => undefined); // surfaced by the first registration that needs the host
  let configured: Promise<ProviderHost> | undefined;
  const hostReady = (): Promise<ProviderHost> =>
    (configured ??= (async (): Promise<ProviderHost> => {
      const host = ownHost ? await ownHost : options.host;
      if (!host) throw new Error("no provider host");
      // The engine sends the whole stack config to the dynamic-provider plugin, secrets included: the current one
      // once a dynamic resource registered the default provider, else (only deletes need the host then) the config
      // stored with the provider at the last up.
      const stored = options.state?.resources.find((r) => r.type === DEFAULT_PROVIDER_TYPE && r.name === DEFAULT_PROVIDER_NAME);
      const { config, secretKeys } =
        !deployment.defaultProviderRegistered && stored
          ? configFromProviderInputs(stored.inputs)
          : { config: options.config ?? {}, secretKeys: options.secretKeys ?? [] };
      await host.configure(config, secretKeys);
      return host;
    })());
  const hostOutputBefore = options.host?.output();

  const deployment = new ProgramDeployment({
    project: options.project,
    stack: options.stack,
    dryRun: options.dryRun === true,
    state: options.state,
    host: hostReady,
    log: (line) => log.push(line),
    config: options.config ?? {},
    secretKeys: options.secretKeys ?? [],
    ...(options.parallel !== undefined && { parallel: options.parallel }),
  });
  let monitor: MonitorServer | undefined;
  try {
    monitor = await startMonitorServer(deployment, { log: (line) => log.push(line), debug: (line) => debugLog.push(line) });
    const program = await runLanguageRuntime(options, monitor.address, log);
    // An SDK that never signals shutdown still gets its deletes once it has exited cleanly.
    if (program.code === 0 && !monitor.shutdownSignalled()) await deployment.finish();

    log.push(...lines(program.stdout()), ...lines(program.stderr()));
    const host = ownHost ? await ownHost.catch(() => undefined) : options.host;
    if (host) log.push(...hostOutputSince(host, hostOutputBefore));
    const failed = deployment.errors.length > 0;
    return {
      exitCode: program.code !== 0 ? program.code : failed ? DEPLOYMENT_FAILED_EXIT_CODE : 0,
      programExitCode: program.code,
      ...deployment.outputs(),
      state: deployment.state(),
      log,
      debugLog,
      operations: deployment.operations,
      errors: deployment.errors,
    };
  } finally {
    await monitor?.close();
    if (ownHost) await (await ownHost.catch(() => undefined))?.stop();
  }
}

/** Finds a resource in a program state by name (and type, when names repeat). */
export function findResource(state: ProgramState, name: string, type?: string): ProgramResource | undefined {
  return state.resources.find((r) => r.name === name && (type === undefined || r.type === type));
}
