import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";

const ROOT = join(__dirname, "../..");
const ENV = {
  ...process.env,
  PATH: `${dirname(process.execPath)}:${process.env["PATH"] ?? ""}`,
  TS_NODE_TRANSPILE_ONLY: "true",
  ALTCRAFT_EMULATOR_TOKEN: "",
  ALTCRAFT_EMULATOR_PORT: "",
  ALTCRAFT_EMULATOR_SEED: "",
};

interface Started {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}

function start(command: string, args: string[], stdin: "ignore" | "pipe" = "ignore"): Started {
  const proc = spawn(command, args, { cwd: ROOT, env: ENV, stdio: [stdin, "pipe", "pipe"] });
  let out = "";
  proc.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  proc.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  return { proc, output: () => out, exited };
}

async function urlOf(started: Started): Promise<string> {
  for (;;) {
    const url = /listening on (http:\/\/\S+)/.exec(started.output())?.[1];
    if (url) return url;
    if (started.proc.exitCode !== null || started.proc.signalCode !== null) assert.fail(`exited early: ${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function serving(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/__emulator/state`, { headers: { connection: "close" } });
    await res.text();
    return true;
  } catch {
    return false;
  }
}

/** Resolves once nothing answers on `url` (the mocha timeout bounds the wait). */
async function untilStopped(url: string): Promise<void> {
  while (await serving(url)) await new Promise((resolve) => setTimeout(resolve, 100));
}

describe("emulator CLI process lifetime", function () {
  // npm and ts-node start-up take a few seconds each on a busy 2-core machine.
  this.timeout(90_000);
  const started: Started[] = [];
  const pids: number[] = [];
  afterEach(() => {
    for (const s of started.splice(0)) if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill("SIGKILL");
    for (const pid of pids.splice(0)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });

  it("`npm run emulator -- --port 0 &` then `kill $!` (SIGTERM to npm) stops the emulator", async () => {
    const npm = start("npm", ["run", "emulator", "--", "--port", "0"]);
    started.push(npm);
    const url = await urlOf(npm);
    assert.ok(await serving(url));
    npm.proc.kill("SIGTERM");
    await npm.exited;
    await untilStopped(url);
  });

  it("SIGKILL of npm (its `sh -c` left behind) stops the emulator too", async () => {
    const npm = start("npm", ["run", "emulator", "--", "--port", "0"]);
    started.push(npm);
    const url = await urlOf(npm);
    npm.proc.kill("SIGKILL");
    await npm.exited;
    await untilStopped(url);
  });

  it("--exit-on-stdin-close: stops with exit code 0 when stdin ends", async () => {
    const cli = start(process.execPath, ["-r", "ts-node/register", "emulator/cli.ts", "--port", "0", "--exit-on-stdin-close"], "pipe");
    started.push(cli);
    const url = await urlOf(cli);
    assert.ok(await serving(url));
    cli.proc.stdin?.end();
    await cli.exited;
    assert.equal(cli.proc.exitCode, 0);
    assert.equal(await serving(url), false);
  });

  it("--exit-with-parent false: keeps serving after its parent shell is gone", async () => {
    const script = `"${process.execPath}" -r ts-node/register emulator/cli.ts --port 0 --exit-with-parent false & echo "pid=$!"; wait`;
    const shell = start("sh", ["-c", script]);
    started.push(shell);
    const url = await urlOf(shell);
    const pid = Number(/pid=(\d+)/.exec(shell.output())?.[1]);
    assert.ok(pid > 0);
    pids.push(pid);
    shell.proc.kill("SIGKILL");
    await shell.exited;
    await new Promise((resolve) => setTimeout(resolve, 1500)); // three poll intervals
    assert.ok(await serving(url), "still serving: the watch is off");
    process.kill(pid, "SIGTERM");
    await untilStopped(url);
  });

  it("by default the same orphaned emulator stops within a few poll intervals", async () => {
    const script = `"${process.execPath}" -r ts-node/register emulator/cli.ts --port 0 & echo "pid=$!"; wait`;
    const shell = start("sh", ["-c", script]);
    started.push(shell);
    const url = await urlOf(shell);
    pids.push(Number(/pid=(\d+)/.exec(shell.output())?.[1]));
    shell.proc.kill("SIGKILL");
    await shell.exited;
    await untilStopped(url);
  });
});
