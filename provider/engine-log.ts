import * as path from "node:path";

/**
 * Warnings from the provider process. The Node.js dynamic-provider host relays stdout to the CLI only as info
 * diagnostics, so a warning goes to the engine's `pulumirpc.Engine/Log` with severity WARNING, at the address the
 * engine passes to every plugin as its last argument (as Go providers do through their host client). When no
 * engine answers (older CLIs, test hosts), the line is printed with a `warning:` prefix instead.
 */
export async function warn(message: string): Promise<void> {
  const sent = await sendToEngine(message).catch(() => false);
  if (!sent) console.log(`altcraft: warning: ${message}`);
}

/** The engine address among the host's arguments: the last one that is not a flag or a flag's value. */
export function engineAddress(argv: readonly string[] = process.argv.slice(2)): string | undefined {
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--tracing") i++;
    else if (!arg.startsWith("-")) positional.push(arg);
  }
  const address = positional[positional.length - 1];
  return address && /^[\w.-]+:\d+$|^\[[\d:a-fA-F]+\]:\d+$/.test(address) ? address : undefined;
}

type EngineClient = { log(request: unknown, options: { deadline: number }, done: (error: Error | null) => void): void };
let client: EngineClient | null | undefined;

async function sendToEngine(message: string): Promise<boolean> {
  const address = engineAddress();
  if (!address) return false;
  if (client === undefined) client = makeClient(address);
  if (!client) return false;
  // Loaded here, not at the top: only a process that has a warning to send pays for gRPC.
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const enginePb = require(path.join(pulumiDir, "proto", "engine_pb")) as {
    LogRequest: new () => { setSeverity(s: number): void; setMessage(m: string): void; setUrn(u: string): void };
    LogSeverity: { WARNING: number };
  };
  const request = new enginePb.LogRequest();
  request.setSeverity(enginePb.LogSeverity.WARNING);
  request.setMessage(message);
  request.setUrn("");
  const engine = client;
  return new Promise((resolve) => engine.log(request, { deadline: Date.now() + 2_000 }, (error) => resolve(!error)));
}

function makeClient(address: string): EngineClient | null {
  try {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    // The stubs must use @pulumi/pulumi's own grpc-js, or they refuse our channel credentials.
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as { credentials: { createInsecure(): unknown } };
    const stubs = require(path.join(pulumiDir, "proto", "engine_grpc_pb")) as { EngineClient: new (addr: string, creds: unknown) => EngineClient };
    return new stubs.EngineClient(address, grpc.credentials.createInsecure());
  } catch {
    return null;
  }
}
