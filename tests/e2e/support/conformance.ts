/**
 * Twin runs for tests/e2e/harness-conformance.test.ts: one scenario (a list of stack operations) run through the
 * test harness (tests/harness: `TestStack`, `runProgram` or `TestEngine`) and through the real `pulumi` CLI, each with
 * the recording proxy of recording-provider.ts in front of the dynamic-provider host, each against a fixture item
 * server of its own. What the two runs did is normalised (ids, provider texts, the server URL, timestamps) and
 * compared step by step:
 *
 * - whether the operation succeeded;
 * - the provider calls, as a multiset (method, resource, the properties the host received and what it answered);
 * - the order where the engine orders calls: the Check and Diff calls of the event loop in sequence (the harness
 *   registers in the order the CLI run's program did: the SDK sends registrations as their inputs resolve, not always
 *   in program order; for `runProgram`, whose SDK orders them itself, each registration's calls together), and each
 *   resource's own calls in sequence; calls of different resources' steps may interleave in any way (workers run in
 *   parallel);
 * - invariants both must share: no two Check/Diff calls overlap; the deletes of an update start after every
 *   create and update has finished;
 * - the stack's resources afterwards (ids, inputs, outputs, secrets, pending deletes, initErrors, protect…).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { serializeProvider, TestEngine } from "../../harness/engine";
import { runProgram, type ProgramState } from "../../harness/languageRuntime";
import { startProviderHost, type ProviderHost } from "../../harness/providerHost";
import { SECRET_SIG, secret, SPECIAL_SIG_KEY, type Props } from "../../harness/propertyValues";
import { TestStack, type Registration } from "../../harness/stack";
import type { StackResource } from "../../harness/snapshot";
import { startItemServer, type ItemServer } from "../../harness-selftest/fixtures/itemServer";
import { CliStack, type StateResource } from "./cli-stack";
import { conformanceProviders, type ProviderName } from "./conformance-providers";
import { CONFORMANCE_PROJECT, makeConformanceProject, type ProgramSpec, type ResourceSpec } from "./conformance-project";
import { pulumiCli } from "./pulumi-cli";
import { installRecordingShim, providerMarker, type RecordedCall, type RecordingShim } from "./recording-provider";

export type { ResourceSpec } from "./conformance-project";

/** The type token every scenario resource has (`pulumi.dynamic.Resource` without module/type). */
const RESOURCE_TYPE = "pulumi-nodejs:dynamic:Resource";
const TOKEN_CONFIG = `${CONFORMANCE_PROJECT}:token`;
const ENDPOINT_CONFIG = `${CONFORMANCE_PROJECT}:endpoint`;

/** What a step may do to the item server before it runs (fail requests, change or remove items…). */
export type ServerAction = (server: ItemServer, ids: Map<string, string>) => void;

/** One operation of a scenario. */
export type ScenarioStep = (
  | { kind: "up"; resources: ResourceSpec[]; replace?: string[]; target?: string[]; refresh?: boolean }
  | { kind: "preview"; resources: ResourceSpec[]; target?: string[] }
  | { kind: "refresh"; program?: ResourceSpec[] }
  | { kind: "destroy"; program?: ResourceSpec[] }
  | { kind: "taint"; name: string }
  | { kind: "rename"; from: string; to: string }
  | { kind: "state-delete"; name: string; force?: boolean }
  | { kind: "config"; key: string; value: string; secret?: boolean }
  /** `up` of a program that throws an error of `throwBytes` characters, or that has a type error. */
  | { kind: "bad-program"; throwBytes?: number; typeError?: boolean }
) & {
  /** Done to the side's item server before the step. */
  before?: ServerAction;
  /**
   * How much of the step's calls must match: `full` (default); `deletes-count`: Delete calls only by number (the
   * engine deletes the members of one antichain in random order, so which delete ran first is not fixed).
   */
  calls?: "full" | "deletes-count";
  /** `full` (default), or `count` (only how many resources; see `calls`). */
  state?: "full" | "count";
};

/** A scenario: its steps, and the options of the stack. */
export interface Scenario {
  steps: ScenarioStep[];
  /** `--parallel` for every command (default: the CLI's default, 4 × CPUs, which the harness copies). */
  parallel?: number;
  /** Delay of each item-server answer, so steps that can run together do overlap. */
  serverDelayMs?: number;
}

/** Which harness runs the scenario. */
export type HarnessKind = "stack" | "program" | "engine";

/** What one step did on one side, normalised. */
export interface StepOutcome {
  ok: boolean;
  /** The output of the failure, for messages. */
  error?: string;
  calls: NormalCall[];
  state: NormalResource[];
  /** Text the operation printed (CLI output, harness diagnostics/log). */
  output: string;
}

/** A provider call, normalised. */
export interface NormalCall {
  method: string;
  /** The resource (from the request's URN); "" for Configure. */
  resource: string;
  request: Record<string, unknown>;
  response?: Record<string, unknown>;
  error?: string;
  /** Start and end (ms), for order and overlap. */
  start: number;
  end: number;
  /** Which provider process (1, 2… in order of first call). */
  process: number;
}

/** A resource of the stack, normalised. */
export interface NormalResource {
  name: string;
  type: string;
  id: string;
  inputs: unknown;
  outputs: unknown;
  delete?: boolean;
  initErrors?: string[];
  protect?: boolean;
  retainOnDelete?: boolean;
  taint?: boolean;
  additionalSecretOutputs?: string[];
}

/** The RPCs whose payloads the dynamic-provider host reads; the others are engine bookkeeping it answers trivially. */
const COMPARED_METHODS = new Set(["Configure", "Check", "Diff", "Create", "Read", "Update", "Delete"]);
/** The fields of each request the dynamic-provider host reads (cmd/dynamic-provider/index.js), plus `id`. */
const REQUEST_FIELDS: Record<string, string[]> = {
  Configure: ["args"],
  Check: ["olds", "news"],
  Diff: ["id", "olds", "news", "oldInputs"],
  Create: ["properties"],
  Read: ["id", "properties", "inputs"],
  Update: ["id", "olds", "news", "oldInputs"],
  Delete: ["id", "properties", "oldInputs"],
};
const RESPONSE_FIELDS: Record<string, string[]> = {
  Configure: ["acceptsecrets"],
  Check: ["inputs", "failuresList"],
  Diff: ["changes", "replacesList", "deletebeforereplace"],
  Create: ["id", "properties"],
  Read: ["id", "properties", "inputs"],
  Update: ["properties"],
  Delete: [],
};

/** Replaces volatile values (ids, provider texts, the server URL) by stable names, per side. */
class Normaliser {
  private readonly ids = new Map<string, string>();
  private readonly providers = new Map<string, string>();

  /** `known`: the harness's serialized provider texts by scenario name, to name the markers of identical texts. */
  constructor(
    private readonly endpoint: string,
    known: Record<string, string>,
  ) {
    for (const [name, text] of Object.entries(known)) this.providers.set(providerMarker(text), `<provider ${name}>`);
  }

  /** Learns the ids the provider assigned, named after the created resource (`<name>#<n>`). */
  learn(calls: RecordedCall[]): void {
    const counts = new Map<string, number>();
    for (const [id] of this.ids) {
      const name = (this.ids.get(id) ?? "").split("#")[0] ?? "";
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    for (const call of [...calls].sort((a, b) => a.start - b.start)) {
      if (call.method !== "Create" || !call.response) continue;
      const id = String(call.response.id ?? "");
      if (id === "" || this.ids.has(id)) continue;
      const name = resourceName(call.request);
      const n = (counts.get(name) ?? 0) + 1;
      counts.set(name, n);
      this.ids.set(id, `${name}#${n}`);
    }
  }

  /** Learns an id from state (for resources whose Create the records do not hold). */
  learnId(id: string, name: string): void {
    if (id && !this.ids.has(id)) this.ids.set(id, `${name}#state`);
  }

  value(value: unknown, key?: string): unknown {
    if (typeof value === "string") {
      if (key === "__provider" || value.startsWith("<__provider")) return this.provider(value);
      if (value === this.endpoint) return "<endpoint>";
      if (this.ids.has(value) && (key === "id" || key === undefined)) return `<id ${this.ids.get(value)}>`;
      const serial = /^S-(.+)$/.exec(value);
      if (serial && this.ids.has(serial[1] ?? "")) return `S-<id ${this.ids.get(serial[1] ?? "")}>`;
      return value;
    }
    if (Array.isArray(value)) return value.map((v) => this.value(v));
    if (typeof value === "object" && value !== null) {
      const record = value as Record<string, unknown>;
      if (record[SPECIAL_SIG_KEY] === SECRET_SIG) return { "<secret>": this.value(record.value) };
      return Object.fromEntries(Object.keys(record).sort().map((k) => [k, this.value(record[k], k)]));
    }
    return value;
  }

  // A provider text the harness also serialized is named after its scenario provider; another one gets a number in
  // order of appearance (the SDK in the program serialized it differently, which the comparison then shows).
  private provider(text: string): string {
    const marker = text.startsWith("<__provider") ? text : providerMarker(text);
    let name = this.providers.get(marker);
    if (!name) {
      name = `<provider other ${++this.others}>`;
      this.providers.set(marker, name);
    }
    return name;
  }
  private others = 0;
}

function resourceName(request: Record<string, unknown>): string {
  const urn = typeof request.urn === "string" ? request.urn : "";
  return urn.split("::").pop() ?? "";
}

function pick(record: Record<string, unknown> | undefined, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (record && record[field] !== undefined) out[field] = record[field];
  return out;
}

/** The records of one step, normalised; engine bookkeeping RPCs left out. */
function normaliseCalls(records: RecordedCall[], normaliser: Normaliser): NormalCall[] {
  normaliser.learn(records);
  const processes = new Map<number, number>();
  const sorted = [...records].sort((a, b) => a.start - b.start);
  for (const r of sorted) if (!processes.has(r.pid)) processes.set(r.pid, processes.size + 1);
  return sorted
    .filter((r) => COMPARED_METHODS.has(r.method))
    .map((r) => {
      const request = normaliser.value(pick(r.request, REQUEST_FIELDS[r.method] ?? [])) as Record<string, unknown>;
      const call: NormalCall = {
        method: r.method,
        resource: r.method === "Configure" ? "" : resourceName(r.request),
        request,
        start: r.start,
        end: r.end,
        process: processes.get(r.pid) ?? 0,
      };
      if (r.response) call.response = normaliser.value(pick(r.response, RESPONSE_FIELDS[r.method] ?? [])) as Record<string, unknown>;
      if (r.error) call.error = `${r.error.code}: ${String(normaliser.value(r.error.details.split("\n")[0] ?? ""))}`;
      return call;
    });
}

/** A call without timing, for multiset comparison. */
export function callKey(call: NormalCall): string {
  return JSON.stringify({ method: call.method, resource: call.resource, request: call.request, response: call.response, error: call.error });
}

/** A harness-state resource in the common shape. */
function fromHarness(r: StackResource): Omit<NormalResource, "id" | "inputs" | "outputs"> & { id: string; inputs: Props; outputs: Props } {
  return {
    name: r.name,
    type: r.type,
    id: r.id,
    inputs: r.inputs,
    outputs: r.outputs,
    ...(r.delete && { delete: true }),
    ...(r.initErrors?.length && { initErrors: r.initErrors }),
    ...(r.protect && { protect: true }),
    ...(r.retainOnDelete && { retainOnDelete: true }),
    ...(r.taint && { taint: true }),
    ...(r.additionalSecretOutputs?.length && { additionalSecretOutputs: r.additionalSecretOutputs }),
  };
}

/** `--show-secrets` export values: `{sig, plaintext: "<json>"}` → the harness's envelope. */
function fromExportValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromExportValue);
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    if (record[SPECIAL_SIG_KEY] === SECRET_SIG && typeof record.plaintext === "string") {
      return secret(fromExportValue(JSON.parse(record.plaintext) as unknown));
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fromExportValue(v)]));
  }
  return value;
}

function fromCli(r: StateResource & { additionalSecretOutputs?: string[] }): ReturnType<typeof fromHarness> {
  return {
    name: r.urn.split("::").pop() ?? "",
    type: r.type,
    id: r.id ?? "",
    inputs: fromExportValue(r.inputs ?? {}) as Props,
    outputs: fromExportValue(r.outputs ?? {}) as Props,
    ...(r.delete && { delete: true }),
    ...(r.initErrors?.length && { initErrors: r.initErrors }),
    ...(r.protect && { protect: true }),
    ...(r.retainOnDelete && { retainOnDelete: true }),
    ...(r.taint && { taint: true }),
    ...(r.additionalSecretOutputs?.length && { additionalSecretOutputs: r.additionalSecretOutputs }),
  };
}

function normaliseState(resources: ReturnType<typeof fromHarness>[], normaliser: Normaliser): NormalResource[] {
  const kept = resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
  for (const r of kept) if (r.type === RESOURCE_TYPE) normaliser.learnId(r.id, r.name);
  return kept
    .map((r) => ({
      ...r,
      // The default provider's id is the engine's own (a UUID); the harness makes one up.
      id: r.type.startsWith("pulumi:providers:") ? "<provider id>" : String(normaliser.value(r.id, "id")),
      inputs: normaliser.value(r.inputs),
      outputs: normaliser.value(r.outputs),
    }))
    .sort((a, b) => `${a.name}|${a.delete ?? false}`.localeCompare(`${b.name}|${b.delete ?? false}`));
}

/** One side of a twin run: runs steps, reports ids (for server actions) and the normalised state. */
interface Side {
  run(step: ScenarioStep): Promise<{ ok: boolean; error?: string; output: string }>;
  state(): Promise<ReturnType<typeof fromHarness>[]>;
  dispose(): Promise<void>;
}

/** Provider texts of the harness side, serialized once per process. */
let providerTexts: Promise<Record<ProviderName, string>> | undefined;
function texts(): Promise<Record<ProviderName, string>> {
  providerTexts ??= (async () => {
    const entries = await Promise.all(
      Object.entries(conformanceProviders).map(async ([name, provider]) => [name, await serializeProvider(provider)] as const),
    );
    return Object.fromEntries(entries) as Record<ProviderName, string>;
  })();
  return providerTexts;
}

function registration(spec: ResourceSpec, text: Record<ProviderName, string>): Registration {
  const o = spec.opts ?? {};
  return {
    name: spec.name,
    inputs: spec.inputs,
    opts: {
      providerText: text[spec.provider ?? "item"],
      ...(o.secretKeys && { secretKeys: o.secretKeys }),
      ...(o.additionalSecretOutputs && { additionalSecretOutputs: o.additionalSecretOutputs }),
      ...(o.deleteBeforeReplace !== undefined && { deleteBeforeReplace: o.deleteBeforeReplace }),
      ...(o.ignoreChanges && { ignoreChanges: o.ignoreChanges }),
      ...(o.replaceOnChanges && { replaceOnChanges: o.replaceOnChanges }),
      ...(o.aliases && { aliases: o.aliases }),
      ...(o.protect !== undefined && { protect: o.protect }),
      ...(o.retainOnDelete !== undefined && { retainOnDelete: o.retainOnDelete }),
      ...(o.replacementTrigger !== undefined && { replacementTrigger: o.replacementTrigger }),
      ...(o.import !== undefined && { import: o.import }),
    },
  };
}

function configOf(server: ItemServer, token: string): { config: Record<string, string>; secretKeys: string[] } {
  return { config: { [ENDPOINT_CONFIG]: server.url, [TOKEN_CONFIG]: token }, secretKeys: [TOKEN_CONFIG] };
}

/** A program with a type error (for the "type-checked by default" rule). */
const TYPE_ERROR_PROGRAM = `const count: number = "not a number";\nexport const value = count;\n`;

/** The harness side through `TestStack`. */
function stackSide(scenario: Scenario, server: ItemServer, shim: RecordingShim, token: string, text: Record<ProviderName, string>): Side {
  const { config, secretKeys } = configOf(server, token);
  const stack = new TestStack({
    providerText: text.item,
    project: CONFORMANCE_PROJECT,
    stack: "dev",
    config,
    secretKeys,
    env: shim.hostEnv,
    hostCommand: shim.hostCommand,
    ...(scenario.parallel !== undefined && { parallel: scenario.parallel }),
  });
  const result = (r: { error?: Error; diagnostics: string[] }) => ({
    ok: r.error === undefined,
    output: r.diagnostics.join("\n"),
    ...(r.error && { error: r.error.message }),
  });
  const regs = (list: ResourceSpec[]) => list.map((r) => registration(r, text));
  return {
    async run(step) {
      switch (step.kind) {
        case "up":
          return result(
            await stack.up(regs(step.resources), {
              ...(step.replace && { replace: step.replace }),
              ...(step.target && { target: step.target }),
              ...(step.refresh && { refresh: true }),
            }),
          );
        case "preview":
          return result(await stack.preview(regs(step.resources), step.target ? { target: step.target } : {}));
        case "refresh":
          return result(await stack.refresh(step.program ? { runProgram: regs(step.program) } : {}));
        case "destroy":
          return result(await stack.destroy(step.program ? { runProgram: regs(step.program) } : {}));
        case "config":
          stack.setConfig(step.key, step.value, step.secret);
          return { ok: true, output: "" };
        case "taint":
        case "rename":
        case "state-delete":
          try {
            if (step.kind === "taint") stack.taint(step.name);
            else if (step.kind === "rename") stack.renameResource(step.from, step.to);
            else stack.deleteFromState(step.name, { force: step.force === true });
            return { ok: true, output: "" };
          } catch (error) {
            return { ok: false, output: String(error), error: String(error) };
          }
        case "bad-program":
          throw new Error("bad-program steps need the program harness");
      }
    },
    state: async () => stack.resources().map(fromHarness),
    dispose: async () => undefined,
  };
}

/** The harness side through `runProgram` (the language runtime and the monitor stand-in): `up`, `preview`, config. */
function programSide(server: ItemServer, shim: RecordingShim, token: string, scenario: Scenario): Side {
  const project = makeConformanceProject();
  let { config, secretKeys } = configOf(server, token);
  let state: ProgramState | undefined;
  return {
    async run(step) {
      if (step.kind === "config") {
        config = { ...config, [step.key]: step.value };
        secretKeys = [...secretKeys.filter((k) => k !== step.key), ...(step.secret ? [step.key] : [])];
        return { ok: true, output: "" };
      }
      if (step.kind !== "up" && step.kind !== "preview" && step.kind !== "bad-program") {
        throw new Error(`the program harness runs up, preview and config only, not ${step.kind}`);
      }
      if (step.kind === "bad-program") {
        if (step.typeError) project.writeProgram(TYPE_ERROR_PROGRAM);
        project.write({ resources: [], ...(step.throwBytes && { throwBytes: step.throwBytes }) });
      } else {
        project.write({ resources: step.resources });
      }
      const result = await runProgram({
        programDir: project.dir,
        project: CONFORMANCE_PROJECT,
        stack: "dev",
        config,
        secretKeys,
        dryRun: step.kind === "preview",
        ...(state && { state }),
        env: shim.hostEnv,
        hostCommand: shim.hostCommand,
        ...(step.kind === "bad-program" && step.typeError && { typeCheck: true }),
        ...(scenario.parallel !== undefined && { parallel: scenario.parallel }),
      });
      state = result.state;
      return {
        ok: result.exitCode === 0,
        output: result.log.join("\n"),
        ...(result.exitCode !== 0 && { error: result.errors.join("\n") || result.log.slice(-5).join("\n") }),
      };
    },
    state: async () => (state?.resources ?? []).map(fromHarness),
    dispose: async () => project.dispose(),
  };
}

/**
 * The harness side through `TestEngine`: one resource at a time, `up` and `preview` only. The engine starts the
 * provider per operation, so each step gets a fresh host behind the one `TestEngine` (which keeps its state).
 */
function engineSide(server: ItemServer, shim: RecordingShim, token: string, text: Record<ProviderName, string>): Side {
  const { config, secretKeys } = configOf(server, token);
  let current: ProviderHost | undefined;
  const host = (): ProviderHost => {
    if (!current) throw new Error("no host outside a step");
    return current;
  };
  const delegate: ProviderHost = {
    configure: (c, k) => host().configure(c, k),
    check: (...a) => host().check(...a),
    diff: (...a) => host().diff(...a),
    create: (...a) => host().create(...a),
    read: (...a) => host().read(...a),
    update: (...a) => host().update(...a),
    delete: (...a) => host().delete(...a),
    output: () => host().output(),
    get pid() {
      return host().pid;
    },
    stop: () => host().stop(),
  };
  const engine = new TestEngine(delegate, text.item);
  const names = new Set<string>();
  return {
    async run(step) {
      if (step.kind !== "up" && step.kind !== "preview") throw new Error(`TestEngine runs up and preview only, not ${step.kind}`);
      current = await startProviderHost({ project: CONFORMANCE_PROJECT, env: shim.hostEnv, command: shim.hostCommand });
      try {
        await current.configure(config, secretKeys);
        for (const r of step.resources) {
          const o = r.opts ?? {};
          const opts = {
            providerText: text[r.provider ?? "item"],
            ...(o.secretKeys && { secretKeys: o.secretKeys }),
            ...(o.additionalSecretOutputs && { additionalSecretOutputs: o.additionalSecretOutputs }),
            ...(o.deleteBeforeReplace !== undefined && { deleteBeforeReplace: o.deleteBeforeReplace }),
            ...(o.ignoreChanges && { ignoreChanges: o.ignoreChanges }),
            ...(o.replaceOnChanges && { replaceOnChanges: o.replaceOnChanges }),
          };
          names.add(r.name);
          if (step.kind === "preview") await engine.preview(r.name, r.inputs, opts);
          else await engine.up(r.name, r.inputs, opts);
        }
        return { ok: true, output: current.output().stdout };
      } catch (error) {
        return { ok: false, output: String(error), error: String(error) };
      } finally {
        await current.stop();
        current = undefined;
      }
    },
    state: async () =>
      [...names].flatMap((name) => {
        const state = engine.state(name);
        if (!state) return [];
        const r: StackResource = {
          urn: name,
          type: RESOURCE_TYPE,
          name,
          parent: "",
          custom: true,
          id: state.id,
          inputs: state.inputs,
          outputs: state.outputs,
          ...(state.initErrors?.length && { initErrors: state.initErrors }),
        };
        return [fromHarness(r)];
      }),
    dispose: async () => undefined,
  };
}

/** The real CLI side: one stack of the scenario project, the recording shim first on PATH. */
async function cliSide(scenario: Scenario, server: ItemServer, shim: RecordingShim, token: string): Promise<Side> {
  const project = makeConformanceProject();
  const stack = await CliStack.create({ projectDir: project.dir, config: { [ENDPOINT_CONFIG]: server.url }, secrets: { [TOKEN_CONFIG]: token } });
  const env = shim.cliEnv(pulumiCli().binDir);
  const urn = (name: string): string => `urn:pulumi:${stack.stack}::${CONFORMANCE_PROJECT}::${RESOURCE_TYPE}::${name}`;
  const parallel = scenario.parallel !== undefined ? ["--parallel", String(scenario.parallel)] : [];
  const command = async (args: string[]) => {
    const r = await stack.run(args, { env });
    return { ok: r.code === 0, output: `${r.stdout}\n${r.stderr}`, ...(r.code !== 0 && { error: stack.lastOutput() }) };
  };
  const state = async (args: string[]) => {
    try {
      const r = await stack.pulumiOk([...args, "--stack", stack.stack]);
      return { ok: true, output: r.stdout };
    } catch (error) {
      return { ok: false, output: String(error), error: String(error) };
    }
  };
  return {
    async run(step) {
      switch (step.kind) {
        case "up":
          project.write({ resources: step.resources });
          return command([
            "up", "--yes", "--skip-preview", ...parallel,
            ...(step.replace ?? []).flatMap((n) => ["--replace", urn(n)]),
            ...(step.target ?? []).flatMap((n) => ["--target", urn(n)]),
            ...(step.refresh ? ["--refresh"] : []),
          ]);
        case "preview":
          project.write({ resources: step.resources });
          return command(["preview", ...parallel, ...(step.target ?? []).flatMap((n) => ["--target", urn(n)])]);
        case "refresh":
          if (step.program) project.write({ resources: step.program });
          return command(["refresh", "--yes", "--skip-preview", ...parallel, ...(step.program ? ["--run-program"] : [])]);
        case "destroy":
          if (step.program) project.write({ resources: step.program });
          return command(["destroy", "--yes", "--skip-preview", ...parallel, ...(step.program ? ["--run-program"] : [])]);
        case "config":
          return state(["config", "set", ...(step.secret ? ["--secret"] : ["--plaintext"]), step.key, step.value]);
        case "taint":
          return state(["state", "taint", urn(step.name), "--yes"]);
        case "rename":
          return state(["state", "rename", urn(step.from), step.to, "--yes"]);
        case "state-delete":
          return state(["state", "delete", urn(step.name), "--yes", ...(step.force ? ["--force"] : [])]);
        case "bad-program": {
          if (step.typeError) project.writeProgram(TYPE_ERROR_PROGRAM);
          const spec: ProgramSpec = { resources: [], ...(step.throwBytes && { throwBytes: step.throwBytes }) };
          project.write(spec);
          const r = await stack.run(["up", "--yes", "--skip-preview"], { env: { ...env, ...(step.typeError && { PULUMI_NODEJS_TRANSPILE_ONLY: "false" }) } });
          return { ok: r.code === 0, output: `${r.stdout}\n${r.stderr}`, ...(r.code !== 0 && { error: stack.lastOutput().slice(0, 4000) }) };
        }
      }
    },
    async state() {
      const { stdout } = await stack.pulumiOk(["stack", "export", "--show-secrets", "--stack", stack.stack]);
      const exported = JSON.parse(stdout) as { deployment: { resources?: StateResource[] } };
      return (exported.deployment.resources ?? []).map(fromCli);
    },
    async dispose() {
      stack.dispose();
      project.dispose();
    },
  };
}

/** Everything one side did in a scenario. */
export interface SideRun {
  kind: HarnessKind | "cli";
  steps: StepOutcome[];
  /** Wall-clock milliseconds of the whole run. */
  ms: number;
}

/**
 * The order in which the CLI run's program registered the resources of each step (by their first Check): the SDK
 * sends a program's registrations as their inputs resolve, which is not always the order of the program's lines.
 */
export function registrationOrders(run: SideRun): (string[] | undefined)[] {
  return run.steps.map((step) => {
    const names = loopCalls(step.calls).filter((c) => c.method === "Check").map((c) => c.resource);
    return names.length > 0 ? [...new Set(names)] : undefined;
  });
}

/** A step with its resources in the given registration order (the others after them, as they were). */
function reordered(step: ScenarioStep, order: string[] | undefined): ScenarioStep {
  if (!order) return step;
  const rank = (r: ResourceSpec) => (order.includes(r.name) ? order.indexOf(r.name) : order.length);
  const sort = (list: ResourceSpec[]) => [...list].sort((a, b) => rank(a) - rank(b));
  if (step.kind === "up" || step.kind === "preview") return { ...step, resources: sort(step.resources) };
  if ((step.kind === "refresh" || step.kind === "destroy") && step.program) return { ...step, program: sort(step.program) };
  return step;
}

/**
 * Runs a scenario on one side, with its own item server and recording shim. `orders`: for `TestStack` and
 * `TestEngine`, register each step's resources in this order (the CLI run's, see {@link registrationOrders}).
 */
export async function runSide(scenario: Scenario, kind: HarnessKind | "cli", orders: (string[] | undefined)[] = []): Promise<SideRun> {
  const started = Date.now();
  const server = await startItemServer();
  server.delayMs = scenario.serverDelayMs ?? 0;
  const shim = installRecordingShim();
  const token = "conformance-token-2c7e";
  const text = await texts();
  const normaliser = new Normaliser(server.url, text);
  let side: Side | undefined;
  try {
    side =
      kind === "cli"
        ? await cliSide(scenario, server, shim, token)
        : kind === "stack"
          ? stackSide(scenario, server, shim, token, text)
          : kind === "program"
            ? programSide(server, shim, token, scenario)
            : engineSide(server, shim, token, text);
    const steps: StepOutcome[] = [];
    for (const [i, original] of scenario.steps.entries()) {
      const step = kind === "stack" || kind === "engine" ? reordered(original, orders[i]) : original;
      if (step.before) {
        const ids = new Map<string, string>();
        for (const r of await side.state()) if (r.type === RESOURCE_TYPE && !r.delete) ids.set(r.name, r.id);
        step.before(server, ids);
      }
      const result = await side.run(step);
      const calls = normaliseCalls(shim.take(), normaliser);
      const state = normaliseState(await side.state(), normaliser);
      steps.push({ ...result, calls, state });
    }
    return { kind, steps, ms: Date.now() - started };
  } finally {
    await side?.dispose();
    shim.dispose();
    await server.close();
  }
}

/** Most calls of the given methods in flight at once. */
export function maxOverlap(calls: NormalCall[], methods: readonly string[]): number {
  const events: [number, number][] = [];
  for (const c of calls) if (methods.includes(c.method)) events.push([c.start, 1], [c.end, -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, delta] of events) {
    now += delta;
    most = Math.max(most, now);
  }
  return most;
}

/** True when every Delete that is not part of a delete-before-replace starts after every Create and Update ended. */
function deletesLast(calls: NormalCall[]): boolean {
  const writes = calls.filter((c) => c.method === "Create" || c.method === "Update");
  const lastWrite = Math.max(-Infinity, ...writes.map((c) => c.end));
  return calls
    .filter((c) => c.method === "Delete")
    .filter((d) => !calls.some((c) => c.method === "Create" && c.resource === d.resource && c.start >= d.end))
    .every((d) => d.start >= lastWrite);
}

function multiset(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/** The differences between two multisets, both ways. */
function multisetDiff(a: string[], b: string[], names: [string, string]): string[] {
  const [ma, mb] = [multiset(a), multiset(b)];
  const out: string[] = [];
  for (const [k, n] of ma) if ((mb.get(k) ?? 0) < n) out.push(`only ${names[0]} (${n - (mb.get(k) ?? 0)}×): ${k}`);
  for (const [k, n] of mb) if ((ma.get(k) ?? 0) < n) out.push(`only ${names[1]} (${n - (ma.get(k) ?? 0)}×): ${k}`);
  return out;
}

/**
 * The calls the engine makes in its event loop: every Check, and every Diff that follows a Check of the same resource
 * (a registration's Diff). A Diff after a Read is a refresh's, made by a worker.
 */
export function loopCalls(calls: NormalCall[]): NormalCall[] {
  const last = new Map<string, string>();
  const out: NormalCall[] = [];
  for (const c of [...calls].sort((a, b) => a.start - b.start)) {
    if (c.method === "Check" || (c.method === "Diff" && last.get(c.resource) === "Check")) out.push(c);
    last.set(c.resource, c.method);
  }
  return out;
}

/** The differences between a harness run and a CLI run of the same scenario, per step (empty: they agree). */
export function compareRuns(scenario: Scenario, harness: SideRun, cli: SideRun): string[] {
  const out: string[] = [];
  scenario.steps.forEach((step, i) => {
    const h = harness.steps[i];
    const c = cli.steps[i];
    if (!h || !c) return;
    const at = `step ${i + 1} (${step.kind})`;
    const names: [string, string] = [harness.kind, "cli"];
    if (h.ok !== c.ok) out.push(`${at}: ${harness.kind} ${h.ok ? "succeeded" : "failed"}, cli ${c.ok ? "succeeded" : "failed"}\n  ${harness.kind}: ${h.error ?? ""}\n  cli: ${(c.error ?? "").slice(-1500)}`);
    const countOnly = step.calls === "deletes-count";
    const keyed = (calls: NormalCall[]) => calls.filter((x) => !countOnly || x.method !== "Delete").map(callKey);
    for (const d of multisetDiff(keyed(h.calls), keyed(c.calls), names)) out.push(`${at}: calls: ${d}`);
    if (countOnly) {
      const [hd, cd] = [h.calls, c.calls].map((calls) => calls.filter((x) => x.method === "Delete").length);
      if (hd !== cd) out.push(`${at}: Delete calls: ${harness.kind} ${hd}, cli ${cd}`);
    }
    // The event loop's calls. When the harness registered in the CLI run's order (TestStack, TestEngine), in the same
    // order; otherwise (runProgram, whose SDK orders its own registrations) each registration's calls together.
    const show = (calls: NormalCall[]) => loopCalls(calls).map((x) => `${x.method} ${x.resource}`);
    if (harness.kind !== "program") {
      if (JSON.stringify(show(h.calls)) !== JSON.stringify(show(c.calls))) {
        out.push(`${at}: Check/Diff order: ${harness.kind} [${show(h.calls).join(", ")}], cli [${show(c.calls).join(", ")}]`);
      }
    } else {
      const blocks = (calls: NormalCall[]) => {
        const runs: string[] = [];
        for (const x of loopCalls(calls)) if (runs[runs.length - 1] !== x.resource) runs.push(x.resource);
        return runs;
      };
      const contiguous = (calls: NormalCall[]) => new Set(blocks(calls)).size === blocks(calls).length;
      if (contiguous(h.calls) !== contiguous(c.calls)) {
        out.push(`${at}: each registration's Check/Diff calls together: ${harness.kind} ${contiguous(h.calls)} [${show(h.calls).join(", ")}], cli ${contiguous(c.calls)} [${show(c.calls).join(", ")}]`);
      }
    }
    // Each resource's own calls, in order.
    const resources = new Set([...h.calls, ...c.calls].map((x) => x.resource).filter((r) => r !== ""));
    for (const r of resources) {
      const seq = (calls: NormalCall[]) => calls.filter((x) => x.resource === r && !(countOnly && x.method === "Delete")).map((x) => x.method);
      if (JSON.stringify(seq(h.calls)) !== JSON.stringify(seq(c.calls))) {
        out.push(`${at}: calls of '${r}' in order: ${harness.kind} [${seq(h.calls).join(", ")}], cli [${seq(c.calls).join(", ")}]`);
      }
    }
    const overlap = (calls: NormalCall[]) => maxOverlap(loopCalls(calls), ["Check", "Diff"]) > 1;
    if (overlap(h.calls) !== overlap(c.calls)) {
      out.push(`${at}: Check/Diff calls overlap: ${harness.kind} ${overlap(h.calls)}, cli ${overlap(c.calls)}`);
    }
    // TestEngine deletes a replaced resource at once and keeps no provider resource (its documented simpler model).
    const engine = harness.kind === "engine";
    if (step.kind === "up" && !engine && deletesLast(h.calls) !== deletesLast(c.calls)) {
      out.push(`${at}: deletes after all creates/updates: ${harness.kind} ${deletesLast(h.calls)}, cli ${deletesLast(c.calls)}`);
    }
    if (step.state === "count") {
      if (h.state.length !== c.state.length) out.push(`${at}: resources in state: ${harness.kind} ${h.state.length}, cli ${c.state.length}`);
    } else {
      const shown = (s: NormalResource[]) => s.filter((r) => !engine || r.type === RESOURCE_TYPE).map((r) => JSON.stringify(r));
      const [hs, cs] = [shown(h.state), shown(c.state)];
      for (const d of multisetDiff(hs ?? [], cs ?? [], names)) out.push(`${at}: state: ${d}`);
    }
  });
  return out;
}

/** Writes both runs of a scenario next to each other (for a failing comparison's message). */
export function dumpRuns(dir: string, name: string, runs: SideRun[]): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(runs, null, 2));
  return file;
}
