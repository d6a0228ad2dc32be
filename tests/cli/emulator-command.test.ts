import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** The built entry point, exactly what `npm exec --no -- pulumi-altcraft` runs for a user. */
const BUILT_BIN = path.join(REPO_ROOT, "dist", "cli", "index.js");
const TOKEN = "emulator-command-token-3f7a";

describe("pulumi-altcraft emulator (built bin)", function () {
  this.timeout(30_000);

  it("starts the emulator on the given port, prints its URL without the token, serves the API, and stops on SIGINT", async () => {
    const child = spawn(process.execPath, [BUILT_BIN, "emulator", "--port", "0", "--token", TOKEN], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 20_000);
        child.stdout.on("data", () => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const response = await fetch(`${url}/api/v1.1/campaigns/get_status`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ id: 1 }),
      });
      const envelope = (await response.json()) as { error: number; error_text: string };
      assert.equal(envelope.error, 404, "an empty emulator knows no mailing 1");
      assert.match(envelope.error_text, /not found/i);
    } finally {
      child.kill("SIGINT");
    }
    assert.equal(await exited, 0);
    assert.equal(output.includes(TOKEN), false);
  });
});
