/**
 * One stack of one project driven by the real `pulumi` CLI, the way a user drives it: a local `file://` backend and a
 * PULUMI_HOME in a temporary folder, the passphrase secrets provider, no update check, no plugin downloads. Commands
 * that run the program go through scripts/pulumi-inline.js (the project's `main` served as an inline program);
 * the rest go to `pulumi` itself. Every command's output is kept for the failure message.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { INLINE_RUNNER, pulumiCli } from "./pulumi-cli";

/** What one command left. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A command under way: its process and its result to come. */
export interface RunningCommand {
  child: ChildProcess;
  result: Promise<CliResult>;
}

/** A resource as `pulumi stack export` shows it. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  protect?: boolean;
  retainOnDelete?: boolean;
  delete?: boolean;
  taint?: boolean;
  initErrors?: string[];
}

/** `pulumi stack export`: the deployment's resources and pending operations. */
export interface ExportedState {
  deployment: { resources?: StateResource[]; pending_operations?: Array<{ resource: StateResource; type: string }> };
}

/** The type token of `ActivatedMailing`. */
export const ACTIVATED_MAILING = "pulumi-nodejs:dynamic/altcraft:ActivatedMailing";
const PASSPHRASE = "pulumi-altcraft-e2e";

/** Options of {@link CliStack.create}. */
export interface CliStackOptions {
  /** The project folder (its Pulumi.yaml); every command runs there. */
  projectDir: string;
  /** Stack config: full keys (`altcraft:baseUrl`, `<project>:mailingId`) to plain values. */
  config?: Record<string, string>;
  /** Stack config set with `--secret`. */
  secrets?: Record<string, string>;
  /** The stack's name; default a unique `e2e-…`. */
  stack?: string;
}

let stacks = 0;

/** One stack, its backend and its Pulumi home, all in one temporary folder. */
export class CliStack {
  /** Every command run so far with its output, newest last (for failure messages). */
  readonly transcript: string[] = [];

  private constructor(
    readonly projectDir: string,
    readonly stack: string,
    readonly work: string,
  ) {}

  /** Creates the stack and sets its config. */
  static async create(options: CliStackOptions): Promise<CliStack> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "altcraft-e2e-"));
    fs.mkdirSync(path.join(work, "backend"));
    fs.mkdirSync(path.join(work, "home"));
    const stack = options.stack ?? `e2e-${process.pid}-${++stacks}`;
    const created = new CliStack(options.projectDir, stack, work);
    await created.pulumiOk(["stack", "init", stack, "--non-interactive"]);
    const pairs = [
      ...Object.entries(options.config ?? {}).map(([key, value]) => ["--plaintext", `${key}=${value}`]),
      ...Object.entries(options.secrets ?? {}).map(([key, value]) => ["--secret", `${key}=${value}`]),
    ].flat();
    if (pairs.length > 0) await created.pulumiOk(["config", "set-all", ...pairs, "--stack", stack]);
    return created;
  }

  /** The environment of every command: this stack's backend and home, the CLI first on PATH. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const cli = pulumiCli();
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("ALTCRAFT_") && !key.startsWith("PULUMI_")));
    return {
      ...clean,
      PATH: [cli.binDir, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
      PULUMI_BACKEND_URL: `file://${path.join(this.work, "backend")}`,
      PULUMI_HOME: path.join(this.work, "home"),
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      NO_COLOR: "1",
      ...extra,
    };
  }

  /** Starts `pulumi <args> --stack <this>` (program commands through the inline runner). */
  start(args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}): RunningCommand {
    const full = [...args, "--stack", this.stack, "--non-interactive", "--color", "never"];
    return this.spawnCommand(process.execPath, [INLINE_RUNNER, ...full], options);
  }

  /** Runs `pulumi <args> --stack <this>` to its end. */
  async run(args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
    return this.start(args, options).result;
  }

  /** Runs it and fails with the whole transcript unless it exits 0. */
  async ok(args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
    const result = await this.run(args, options);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${this.lastOutput()}`);
    return result;
  }

  /** Runs `pulumi <args>` as typed (no stack flag added), to its end; fails unless it exits 0. */
  async pulumiOk(args: readonly string[], options: { input?: string } = {}): Promise<CliResult> {
    const result = await this.spawnCommand(path.join(pulumiCli().binDir, "pulumi"), args, options).result;
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${this.lastOutput()}`);
    return result;
  }

  /** `pulumi stack export`. */
  async exportState(): Promise<ExportedState> {
    const { stdout } = await this.pulumiOk(["stack", "export", "--stack", this.stack]);
    return JSON.parse(stdout) as ExportedState;
  }

  /** The `ActivatedMailing` resources in state, by resource name. */
  async mailings(): Promise<Map<string, StateResource>> {
    const state = await this.exportState();
    const byName = new Map<string, StateResource>();
    for (const resource of state.deployment.resources ?? []) {
      if (resource.type === ACTIVATED_MAILING && !resource.delete) byName.set(resource.urn.split("::").pop() ?? "", resource);
    }
    return byName;
  }

  /** The last command's transcript entry. */
  lastOutput(): string {
    return this.transcript[this.transcript.length - 1] ?? "";
  }

  /** Removes the backend, the home and the stack's config file. */
  dispose(): void {
    fs.rmSync(this.work, { recursive: true, force: true });
    fs.rmSync(path.join(this.projectDir, `Pulumi.${this.stack}.yaml`), { force: true });
  }

  private spawnCommand(file: string, args: readonly string[], options: { input?: string; env?: Record<string, string> }): RunningCommand {
    // A process group of its own, so a test can kill the CLI and whatever it left behind (see killProcessGroup).
    const child = spawn(file, args, { cwd: this.projectDir, env: this.env(options.env), stdio: ["pipe", "pipe", "pipe"], detached: true });
    child.stdin!.end(options.input ?? "");
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const result = new Promise<CliResult>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => {
        const shown = args.map((a) => (a === INLINE_RUNNER ? "pulumi" : a)).join(" ");
        this.transcript.push(`$ ${path.basename(file) === "pulumi" ? "pulumi " : ""}${shown} (exit ${code})\n${stdout}${stderr ? `--- stderr\n${stderr}` : ""}`);
        resolve({ code, stdout, stderr });
      });
    });
    return { child, result };
  }
}

/** The pids of the direct children of `pid` (Linux /proc). */
export function childPids(pid: number): number[] {
  const taskDir = `/proc/${pid}/task`;
  if (!fs.existsSync(taskDir)) return [];
  return fs
    .readdirSync(taskDir)
    .flatMap((tid) => fs.readFileSync(path.join(taskDir, tid, "children"), "utf8").trim().split(/\s+/))
    .filter(Boolean)
    .map(Number);
}

/** SIGKILLs every process left in the group a command started (plugins orphaned by a killed CLI). */
export function killProcessGroup(command: RunningCommand): void {
  try {
    if (command.child.pid) process.kill(-command.child.pid, "SIGKILL");
  } catch {
    // the group is gone already
  }
}
