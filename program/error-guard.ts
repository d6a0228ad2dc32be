/**
 * Keeps a failing program from hanging on Node 22.20–22.23. When a program fails, Pulumi's language runtime
 * formats the error with `util.inspect(err, { colors: true })` (`@pulumi/pulumi/cmd/run/error.js`, also for a
 * `RunError`, for its tracing span). With colours on, those Node releases loop forever on a stack line whose
 * `node_modules/<module>` has no path separator after it (nodejs/node#64011), and the SDK's source maps produce
 * exactly such lines (`node_modules/@pulumi/config.ts:369:19`). See tests/harness/inspectColorGuard.js.
 *
 * The guard runs before the runtime's own handlers and removes the frames inside node_modules from the error's
 * stack (and its causes'): the frames that matter are the program's, and the message is untouched.
 */

const INSTALLED = Symbol.for("pulumi-altcraft.errorStackGuard");
const DEPENDENCY_FRAME = /node_modules[\\/]/;

/** Drops every stack line inside node_modules from an error and the errors it wraps (`cause`, `errors`). */
export function stripDependencyFrames(error: unknown, seen: Set<unknown> = new Set()): void {
  if (typeof error !== "object" || error === null || seen.has(error)) return;
  seen.add(error);
  const withStack = error as { stack?: unknown; cause?: unknown; errors?: unknown };
  if (typeof withStack.stack === "string" && DEPENDENCY_FRAME.test(withStack.stack)) {
    try {
      withStack.stack = withStack.stack
        .split("\n")
        .filter((line) => !(/^\s+at /.test(line) && DEPENDENCY_FRAME.test(line)))
        .join("\n");
    } catch {
      // A frozen error keeps its stack; nothing better can be done from here.
    }
  }
  stripDependencyFrames(withStack.cause, seen);
  if (Array.isArray(withStack.errors)) for (const inner of withStack.errors) stripDependencyFrames(inner, seen);
}

/**
 * Installs the guard once per process: listeners put in front of the runtime's `uncaughtException` and
 * `unhandledRejection` handlers, so every error the program or the SDK throws reaches them without SDK frames.
 */
export function installErrorStackGuard(): void {
  const registry = process as unknown as Record<symbol, boolean>;
  if (registry[INSTALLED]) return;
  registry[INSTALLED] = true;
  process.prependListener("uncaughtException", (error) => stripDependencyFrames(error));
  process.prependListener("unhandledRejection", (reason) => stripDependencyFrames(reason));
}
