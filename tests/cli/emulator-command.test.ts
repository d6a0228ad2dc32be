import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulatorCommand } from "../support/emulator-command";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** The built entry point, exactly what `npm exec --no -- pulumi-altcraft` runs for a user. */
const BUILT_BIN = path.join(REPO_ROOT, "dist", "cli", "index.js");
const TOKEN = "emulator-command-token-3f7a";

describe("pulumi-altcraft emulator (built bin)", function () {
  this.timeout(30_000);

  it("starts the emulator on the given port, prints its URL without the token, serves the API, and stops on SIGINT", async () => {
    const emulator = await startEmulatorCommand(process.execPath, [BUILT_BIN, "emulator", "--port", "0", "--token", TOKEN], { cwd: REPO_ROOT }, 20_000);
    let code: number | null;
    try {
      assert.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${emulator.url}/api/v1.1/campaigns/get_status`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ id: 1 }),
      });
      const envelope = (await response.json()) as { error: number; error_text: string };
      assert.equal(envelope.error, 404, "an empty emulator knows no mailing 1");
      assert.match(envelope.error_text, /not found/i);
    } finally {
      code = await emulator.stop("SIGINT");
    }
    assert.equal(code, 0);
    assert.equal(emulator.output().includes(TOKEN), false);
  });
});
