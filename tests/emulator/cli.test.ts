import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { CliUsageError, DEFAULT_CLI_PORT, parseCliArgs } from "../../emulator/cli-options";

const ROOT = join(__dirname, "../..");

describe("emulator CLI options", () => {
  it("defaults to port 8080 and the default token", () => {
    assert.deepEqual(parseCliArgs([], {}), {
      help: false,
      options: { port: DEFAULT_CLI_PORT },
      tokenSource: "default token, see docs/emulator.md",
      process: { exitWithParent: true, exitOnStdinClose: false },
    });
  });

  it("reads every flag; --token repeats", () => {
    const command = parseCliArgs(["--port", "0", "--host", "0.0.0.0", "--token", "a", "--token", "b", "--seed", "s.json", "--latency-ms", "3"], {});
    assert.deepEqual(command, {
      help: false,
      options: { port: 0, host: "0.0.0.0", tokens: ["a", "b"], seedFile: "s.json", latencyMs: 3 },
      tokenSource: "--token",
      process: { exitWithParent: true, exitOnStdinClose: false },
    });
  });

  it("falls back to the environment, and flags win over it", () => {
    const env = { ALTCRAFT_EMULATOR_PORT: "9000", ALTCRAFT_EMULATOR_TOKEN: "x, y", ALTCRAFT_EMULATOR_SEED: "env.json" };
    assert.deepEqual(parseCliArgs([], env), {
      help: false,
      options: { port: 9000, tokens: ["x", "y"], seedFile: "env.json" },
      tokenSource: "ALTCRAFT_EMULATOR_TOKEN",
      process: { exitWithParent: true, exitOnStdinClose: false },
    });
    const flags = parseCliArgs(["--port", "1", "--token", "z"], env);
    assert.equal(!flags.help && flags.options.port, 1);
    assert.equal(!flags.help && flags.tokenSource, "--token");
  });

  it("treats blank environment values as unset", () => {
    assert.deepEqual(parseCliArgs([], { ALTCRAFT_EMULATOR_PORT: " ", ALTCRAFT_EMULATOR_TOKEN: "" }), parseCliArgs([], {}));
  });

  it("reads the memory, de-dup, fidelity and admin flags", () => {
    const command = parseCliArgs(
      [
        "--request-log-max-entries", "50",
        "--request-log-max-bytes", "1048576",
        "--dedup-window-ms", "1000",
        "--dedup-max-entries", "20",
        "--dedup-max-bytes", "4096",
        "--replay-failures", "false",
        "--duplicate-header-style", "legacy",
        "--duplicate-header-repeated",
        "--request-id-header", "Request-ID",
        "--request-id-header", "X-Request-ID",
        "--not-found-error", "400",
        "--admin-host", "emulator",
        "--exit-with-parent", "false",
        "--exit-on-stdin-close",
      ],
      {},
    );
    assert.deepEqual(command, {
      help: false,
      options: {
        port: DEFAULT_CLI_PORT,
        requestLogMaxEntries: 50,
        requestLogMaxBytes: 1_048_576,
        dedupWindowMs: 1000,
        dedupMaxEntries: 20,
        dedupMaxBytes: 4096,
        replayFailures: false,
        duplicateHeaderStyle: "legacy",
        duplicateHeaderRepeated: true,
        requestIdHeaders: ["Request-ID", "X-Request-ID"],
        notFoundError: 400,
        adminHosts: ["emulator"],
      },
      tokenSource: "default token, see docs/emulator.md",
      process: { exitWithParent: false, exitOnStdinClose: true },
    });
  });

  const bad: [string[], Record<string, string>, RegExp][] = [
    [["--request-log-max-entries", "0"], {}, /--request-log-max-entries must be an integer from 1/],
    [["--replay-failures", "yes"], {}, /--replay-failures must be true or false/],
    [["--duplicate-header-style", "x"], {}, /--duplicate-header-style must be current .* or legacy/],
    [["--request-id-header", "Request ID"], {}, /--request-id-header must be a header name/],
    [["--not-found-error", "0"], {}, /--not-found-error must be an integer from 1/],
    [["--exit-with-parent", "maybe"], {}, /--exit-with-parent must be true or false/],
    [["--admin-host", " "], {}, /--admin-host must not be empty/],
    [["--port", "http"], {}, /--port must be an integer from 0 to 65535/],
    [["--port", "70000"], {}, /--port must be/],
    [[], { ALTCRAFT_EMULATOR_PORT: "x" }, /ALTCRAFT_EMULATOR_PORT must be/],
    [["--latency-ms=-1"], {}, /--latency-ms must be/],
    [["--token", " "], {}, /--token must not be empty/],
    [["--verbose"], {}, /Unknown option '--verbose'/],
  ];
  for (const [argv, env, pattern] of bad) {
    it(`rejects ${JSON.stringify(argv)} ${JSON.stringify(env)}`, () => {
      assert.throws(() => parseCliArgs(argv, env), (err: unknown) => err instanceof CliUsageError && pattern.test(err.message));
    });
  }
});

describe("emulator CLI process", function () {
  // ts-node compiles the CLI on start-up; transpile-only keeps that to a second or two.
  this.timeout(60_000);
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    child = undefined;
  });

  const run = (args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<number | null> } => {
    const proc = spawn(process.execPath, ["-r", "ts-node/register", "emulator/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true", ALTCRAFT_EMULATOR_TOKEN: "", ALTCRAFT_EMULATOR_PORT: "", ALTCRAFT_EMULATOR_SEED: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    proc.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
    return { child: proc, stdout: () => out, stderr: () => err, exit };
  };

  it("starts, prints its URL (never the token), serves the seed, and stops on SIGINT", async () => {
    const cli = run(["--port", "0", "--token", "cli-secret-token", "--seed", "emulator/seed.example.json"]);
    child = cli.child;
    while (!/listening on (http:\/\/\S+)/.test(cli.stdout())) {
      if (cli.child.exitCode !== null) assert.fail(`CLI exited early: ${cli.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const line = cli.stdout().trim();
    const url = /listening on (http:\/\/\S+)/.exec(line)?.[1] ?? "";
    assert.match(line, /^Altcraft emulator listening on http:\/\/127\.0\.0\.1:\d+ \(token from --token\)$/);
    assert.ok(!line.includes("cli-secret-token"));

    const res = await fetch(`${url}/api/v1.1/campaigns/get_status`, {
      method: "POST",
      headers: { "content-type": "application/json", connection: "close" },
      body: JSON.stringify({ token: "cli-secret-token", id: 82 }),
    });
    assert.deepEqual(await res.json(), { data: { is_active: false, is_completed: false, status: "Inactive" }, error: 0, error_text: "Successful operation" });

    cli.child.kill("SIGINT");
    assert.equal(await cli.exit, 0);
    assert.equal(cli.stderr(), "");
  });

  it("stops on SIGTERM too", async () => {
    const cli = run(["--port", "0"]);
    child = cli.child;
    while (!cli.stdout().includes("listening on")) {
      if (cli.child.exitCode !== null) assert.fail(`CLI exited early: ${cli.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.match(cli.stdout(), /\(token from default token, see docs\/emulator\.md\)/);
    cli.child.kill("SIGTERM");
    assert.equal(await cli.exit, 0);
  });

  it("exits 2 with usage on a bad flag, and 1 when the seed cannot be read", async () => {
    const badFlag = run(["--port", "nope"]);
    child = badFlag.child;
    assert.equal(await badFlag.exit, 2);
    assert.match(badFlag.stderr(), /--port must be an integer/);
    assert.match(badFlag.stderr(), /Usage: npm run emulator/);

    const badSeed = run(["--port", "0", "--seed", "does-not-exist.json"]);
    child = badSeed.child;
    assert.equal(await badSeed.exit, 1);
    assert.match(badSeed.stderr(), /cannot read seed file/);
  });
});
