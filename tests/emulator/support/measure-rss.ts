/**
 * Measures the emulator's resident memory before and after a stream of large requests (issue 12's figure: 800
 * requests of 0.5 MB). Linux only (reads /proc). Not a test: run it by hand,
 *   TS_NODE_TRANSPILE_ONLY=true npx ts-node tests/emulator/support/measure-rss.ts [emulator/cli.ts | dist/emulator/cli.js] [authenticated|unauthenticated] [requests, default 800]
 * A `.js` CLI runs under plain node (no ts-node in the process, as an installed package runs).
 * The emulator runs in its own process, started the way users start it, so the figures are its own.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { request, Agent } from "node:http";
import { dirname, join, resolve } from "node:path";

const REQUESTS = Number(process.argv[4] ?? 800);
const BODY_BYTES = 512 * 1024;

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:")) ?? "";
  return Math.round(Number(/(\d+)/.exec(line)?.[1] ?? 0) / 1024);
}

function post(url: URL, agent: Agent, body: string, requestId: string): Promise<void> {
  return new Promise((done, fail) => {
    const req = request(
      { host: url.hostname, port: url.port, path: "/api/v1.1/campaigns/activate/", method: "POST", agent, headers: { "content-type": "application/json", "request-id": requestId } },
      (res) => {
        res.resume();
        res.on("end", () => done());
      },
    );
    req.on("error", fail);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const cli = resolve(process.argv[2] ?? join(__dirname, "../../../emulator/cli.ts"));
  const mode = process.argv[3] === "unauthenticated" ? "unauthenticated" : "authenticated";
  const loader = cli.endsWith(".js") ? [] : ["-r", "ts-node/register"];
  const child = spawn(process.execPath, [...loader, cli, "--port", "0", "--seed", join(__dirname, "../../../emulator/seed.example.json")], {
    cwd: dirname(cli),
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true", PATH: `${dirname(process.execPath)}:${process.env["PATH"] ?? ""}` },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.once("exit", (code) => {
    if (!/listening on/.test(out)) {
      process.stderr.write(`the emulator exited (${String(code)}) before listening\n`);
      process.exit(1);
    }
  });
  while (!/listening on (\S+)/.test(out)) await new Promise((r) => setTimeout(r, 50));
  const url = new URL(/listening on (\S+)/.exec(out)?.[1] ?? "");
  await new Promise((r) => setTimeout(r, 1000));
  const pid = child.pid ?? 0;
  const before = rssMb(pid);
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  let peak = before;
  for (let i = 0; i < REQUESTS; i++) {
    const params = { id: 82, run_now: true, content: { filler: "x".repeat(BODY_BYTES) } };
    const body = JSON.stringify(mode === "authenticated" ? { token: "emulator-token", ...params } : params);
    await post(url, agent, body, `rss-${i}`);
    if (i % 50 === 0) peak = Math.max(peak, rssMb(pid));
  }
  agent.destroy();
  await new Promise((r) => setTimeout(r, 2000));
  const after = rssMb(pid);
  process.stdout.write(`${mode}: ${REQUESTS} requests of ${BODY_BYTES / 1024} KiB: RSS ${before} MB -> ${after} MB (peak sampled ${Math.max(peak, after)} MB)\n`);
  child.kill("SIGTERM");
}

void main();
