/**
 * A recording stand-in for the `pulumi-resource-pulumi-nodejs` plugin, so the provider calls the real `pulumi` CLI
 * makes (operation, order, inputs and outputs) can be compared with the ones the test harness makes.
 *
 * {@link installRecordingShim} writes an executable `pulumi-resource-pulumi-nodejs` into a temporary bin folder; put
 * that folder FIRST on the CLI's PATH ({@link RecordingShim.cliEnv}) and the engine starts it instead of the real
 * shim. The executable runs this file (transpiled to JavaScript beside it), which
 *
 * 1. starts the real dynamic-provider host the way the shim of `@pulumi/pulumi` does:
 *    `node <require.resolve('@pulumi/pulumi/cmd/dynamic-provider') from the working directory> <args>`;
 * 2. reads the host's handshake (its first stdout line, the port), serves `pulumirpc.ResourceProvider` itself on
 *    127.0.0.1:0 and prints ITS port as its own first stdout line, as the engine expects of a plugin; everything else
 *    the host prints (stdout after the port line, stderr) is forwarded unchanged;
 * 3. forwards every call to the host (unary calls and the one server-streaming call, `List`), errors with their
 *    trailers (the `ErrorResourceInitFailed` detail) included, and appends one JSON line per call to the file named by
 *    the `RECORDING_PROVIDER_FILE` environment variable: the method, the request and the response (or the error)
 *    decoded to plain JS, start and end times. `__provider` texts are replaced by a short hash, so the records stay
 *    small but still tell whether `__provider` was there and which provider version it was.
 *
 * The harness side uses the same proxy: {@link RecordingShim.hostCommand} is the `command` of the harness's
 * `startProviderHost` (TestStack's `hostCommand`, runProgram's `hostCommand`), so both sides are recorded by the same
 * code at the same place, the wire.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as GrpcModule from "@grpc/grpc-js";
import type { Message } from "google-protobuf";
import type * as StructModule from "google-protobuf/google/protobuf/struct_pb";
import type * as ProviderGrpcModule from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as ProviderPbModule from "@pulumi/pulumi/proto/provider_pb";
import type * as StatusPbModule from "@pulumi/pulumi/proto/status_pb";

/** Environment variable naming the file the proxy appends its records to. */
export const RECORD_FILE_ENV = "RECORDING_PROVIDER_FILE";
/** The plugin's executable name, as the engine looks it up on PATH. */
export const PLUGIN_NAME = "pulumi-resource-pulumi-nodejs";
/** The engine's gRPC message limit (sdk/go/common/util/rpcutil/serve.go, maxRPCMessageSize): 400 MB. */
const MAX_MESSAGE = 400 * 1024 * 1024;

/**
 * gRPC and the protocol stubs, loaded from the `@pulumi/pulumi` the working directory resolves (the copy the host
 * runs; the stubs check messages with `instanceof` against their own google-protobuf, see tests/harness/
 * pulumiModules.ts). Loaded on first use, without importing anything else of this repository: the proxy runs as a
 * plain JavaScript file transpiled from this one (no ts-node in the plugin's start-up).
 */
function protocol(): {
  grpc: typeof GrpcModule;
  structPb: typeof StructModule;
  providerGrpc: typeof ProviderGrpcModule;
  providerPb: typeof ProviderPbModule;
  statusPb: typeof StatusPbModule;
} {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd(), __dirname] }));
  const load = <T>(id: string): T => require(require.resolve(id, { paths: [pulumiDir] })) as T;
  return {
    grpc: load("@grpc/grpc-js"),
    structPb: load("google-protobuf/google/protobuf/struct_pb"),
    providerGrpc: load("@pulumi/pulumi/proto/provider_grpc_pb"),
    providerPb: load("@pulumi/pulumi/proto/provider_pb"),
    statusPb: load("@pulumi/pulumi/proto/status_pb"),
  };
}
let loaded: ReturnType<typeof protocol> | undefined;
const pb = (): ReturnType<typeof protocol> => (loaded ??= protocol());

/** One provider call as the proxy saw it. */
export interface RecordedCall {
  /** Pid of the proxy: one per provider process the engine started. */
  pid: number;
  /** Arrival order within that process. */
  seq: number;
  /** The RPC, e.g. `Check`. */
  method: string;
  /** Wall-clock milliseconds (with fractions) when the request arrived and when the answer went back. */
  start: number;
  end: number;
  /** The request, decoded: Structs as plain JS, maps as objects, `__provider` as `<__provider sha1:…>`. */
  request: Record<string, unknown>;
  /** The response, decoded the same way (absent when the call failed). */
  response?: Record<string, unknown>;
  /** The failure: gRPC code, details, and the decoded status details (e.g. `ErrorResourceInitFailed`). */
  error?: { code: number; details: string; initFailure?: Record<string, unknown> };
}

/** A `__provider` text, replaced by its hash. */
export function providerMarker(text: string): string {
  return `<__provider sha1:${createHash("sha1").update(text).digest("hex").slice(0, 10)}>`;
}

function upperFirst(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && typeof (value as Message).serializeBinary === "function";
}

/** Replaces top-level `__provider` texts of a decoded Struct. */
function markProvider(value: Record<string, unknown>): Record<string, unknown> {
  if (typeof value.__provider !== "string") return value;
  return { ...value, __provider: providerMarker(value.__provider) };
}

/** A protobuf message as plain JS: Structs through `toJavaScript`, maps as objects, nested messages recursively. */
export function decodeMessage(message: Message): Record<string, unknown> {
  const plain = message.toObject() as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(plain)) {
    const getter = (message as unknown as Record<string, unknown>)[`get${upperFirst(key)}`];
    const raw: unknown = typeof getter === "function" ? (getter as () => unknown).call(message) : plain[key];
    if (key.endsWith("Map") && typeof (raw as { entries?: unknown } | undefined)?.entries === "function") {
      // A protobuf map (jspb.Map): its entries, values decoded.
      const entries = Array.from((raw as { entries(): Iterable<[string, unknown]> }).entries());
      out[key] = Object.fromEntries(entries.map(([k, v]) => [k, decodeValue(v, v)]));
      continue;
    }
    out[key] = decodeValue(raw, plain[key]);
  }
  return out;
}

function decodeValue(raw: unknown, plain: unknown): unknown {
  const { structPb } = pb();
  if (raw instanceof structPb.Struct) return markProvider(raw.toJavaScript() as Record<string, unknown>);
  if (raw instanceof structPb.Value) return raw.toJavaScript();
  if (raw instanceof Uint8Array) return plain; // bytes: the base64 text toObject gives
  if (Array.isArray(raw)) return raw.map((item: unknown, i) => decodeValue(item, Array.isArray(plain) ? plain[i] : item));
  if (isMessage(raw)) return decodeMessage(raw);
  return raw === undefined ? plain : raw;
}

/** `google.rpc.Status` details of a failed call, decoded (the host attaches `ErrorResourceInitFailed`). */
function decodeStatusDetails(metadata: { get(key: string): unknown[] } | undefined): Record<string, unknown> | undefined {
  const { statusPb, providerPb } = pb();
  for (const raw of metadata?.get("grpc-status-details-bin") ?? []) {
    const bytes = typeof raw === "string" ? Buffer.from(raw, "base64") : (raw as Buffer);
    const status = statusPb.Status.deserializeBinary(new Uint8Array(bytes));
    for (const detail of status.getDetailsList()) {
      if (detail.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
      return decodeMessage(providerPb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8()));
    }
  }
  return undefined;
}

/** Reads every record of a file (missing file: none), in the order they were written. */
export function readRecords(file: string): RecordedCall[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as RecordedCall);
}

/** The installed shim: where it is, how to put it on PATH, and what it recorded. */
export interface RecordingShim {
  /** The temporary folder holding the executable `pulumi-resource-pulumi-nodejs`. */
  binDir: string;
  /** The file the proxies append to. */
  file: string;
  /** Environment for the CLI (CliStack `env` option): the shim's folder first on PATH, and the record file. */
  cliEnv(cliBinDir: string): Record<string, string>;
  /** Environment for a harness host (TestStack / runProgram `env`): the record file. */
  hostEnv: Record<string, string>;
  /** Node arguments that start the proxy instead of the host (TestStack / runProgram `hostCommand`). */
  hostCommand: string[];
  /** Every record so far. */
  calls(): RecordedCall[];
  /** Records written since the last `take()` (or since installation). */
  take(): RecordedCall[];
  /** Removes the folder and the records. */
  dispose(): void;
}

/**
 * Writes the executable into a new temporary folder and returns how to use it. The proxy is this file transpiled to
 * JavaScript (TypeScript's `transpileModule`, the way ts-node's transpile-only mode does it) next to the executable,
 * so starting the plugin costs one plain `node` start before the host's own.
 */
export function installRecordingShim(): RecordingShim {
  const binDir = fs.mkdtempSync(path.join(os.tmpdir(), "recording-provider-"));
  const file = path.join(binDir, "calls.jsonl");
  const ts = require("typescript") as typeof import("typescript");
  const compiled = ts.transpileModule(fs.readFileSync(__filename.replace(/\.js$/, ".ts"), "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: path.basename(__filename),
  });
  const proxy = path.join(binDir, "recording-provider.js");
  fs.writeFileSync(proxy, compiled.outputText);
  const hostEnv = { [RECORD_FILE_ENV]: file };
  const hostCommand = [proxy];
  const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
  const script = [
    "#!/bin/sh",
    "# Written by tests/e2e/support/recording-provider.ts: the dynamic-provider host behind a recording gRPC proxy.",
    `exec ${quote(process.execPath)} ${quote(proxy)} "$@"`,
    "",
  ].join("\n");
  fs.writeFileSync(path.join(binDir, PLUGIN_NAME), script, { mode: 0o755 });
  let taken = 0;
  return {
    binDir,
    file,
    hostEnv,
    hostCommand,
    cliEnv: (cliBinDir) => ({
      PATH: [binDir, cliBinDir, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
      [RECORD_FILE_ENV]: file,
    }),
    calls: () => readRecords(file),
    take: () => {
      const all = readRecords(file);
      const fresh = all.slice(taken);
      taken = all.length;
      return fresh;
    },
    dispose: () => fs.rmSync(binDir, { recursive: true, force: true }),
  };
}

type UnaryCallback = (error: unknown, value?: unknown, trailer?: unknown) => void;
interface UnaryCall {
  request: Message;
}
interface StreamCall {
  request: Message;
  write(value: unknown): void;
  end(): void;
  emit(event: string, value: unknown): void;
}

/** The proxy itself: run as the plugin (`node recording-provider.js <args>`, the transpiled copy of this file). */
async function serve(args: string[]): Promise<void> {
  const { grpc, providerGrpc } = pb();
  const recordFile = process.env[RECORD_FILE_ENV];
  const entry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [process.cwd()] });
  const child = spawn(process.execPath, [entry, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  child.stderr.pipe(process.stderr);
  const port = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString("utf8");
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      child.stdout.off("data", onData);
      const rest = buffered.slice(newline + 1);
      if (rest) process.stdout.write(rest);
      child.stdout.pipe(process.stdout);
      resolve(buffered.slice(0, newline).trim());
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => reject(new Error(`dynamic-provider host exited (${code}) before printing its port`)));
  });
  child.once("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

  const options = { "grpc.max_receive_message_length": MAX_MESSAGE, "grpc.max_send_message_length": MAX_MESSAGE };
  const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options);
  let seq = 0;
  const record = (entryRecord: RecordedCall): void => {
    if (recordFile) fs.appendFileSync(recordFile, `${JSON.stringify(entryRecord)}\n`);
  };
  const now = (): number => performance.timeOrigin + performance.now();

  const handlers: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(providerGrpc.ResourceProviderService)) {
    const method = upperFirst(name);
    const forward = (client as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!.bind(client);
    if (definition.responseStream) {
      handlers[name] = (call: StreamCall) => {
        const started = now();
        const mine = ++seq;
        const stream = forward(call.request) as NodeJS.EventEmitter;
        stream.on("data", (item: unknown) => call.write(item));
        stream.on("end", () => {
          record({ pid: process.pid, seq: mine, method, start: started, end: now(), request: decodeMessage(call.request), response: {} });
          call.end();
        });
        stream.on("error", (error: GrpcModule.ServiceError) => {
          record({ pid: process.pid, seq: mine, method, start: started, end: now(), request: decodeMessage(call.request), error: { code: error.code, details: error.details } });
          call.emit("error", error);
        });
      };
      continue;
    }
    handlers[name] = (call: UnaryCall, callback: UnaryCallback) => {
      const started = now();
      const mine = ++seq;
      forward(call.request, (error: GrpcModule.ServiceError | null, response: Message) => {
        const base = { pid: process.pid, seq: mine, method, start: started, end: now(), request: decodeMessage(call.request) };
        if (error) {
          const initFailure = decodeStatusDetails(error.metadata);
          record({ ...base, error: { code: error.code, details: error.details, ...(initFailure && { initFailure }) } });
          callback({ code: error.code, details: error.details, metadata: error.metadata });
          return;
        }
        record({ ...base, response: decodeMessage(response) });
        callback(null, response);
      });
    };
  }

  const server = new grpc.Server(options);
  server.addService(providerGrpc.ResourceProviderService, handlers as unknown as GrpcModule.UntypedServiceImplementation);
  const own = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  process.stdout.write(`${own}\n`);

  // The engine stops a plugin with SIGINT to its process group, then SIGKILL (sdk/go/common/resource/plugin/plugin.go,
  // Kill); the harness with SIGINT then SIGKILL. Pass the signal on and leave with the host.
  const stop = (signal: NodeJS.Signals): void => {
    server.forceShutdown();
    client.close();
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    else process.exit(0);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("exit", () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
}

if (require.main === module) {
  serve(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`recording-provider: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
}
