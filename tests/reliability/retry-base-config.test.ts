import assert from "node:assert/strict";
import { CONFIG_KEYS, ConnectionSettingError, readConnectionConfig, resolveConnection } from "../../provider/connection";

const BASE = { baseUrl: "https://ru.altkraft.com", token: "retry-base-token" };

/** `altcraft:retryBaseMs`: the backoff base the fault matrix shortens, read in `configure` like every other key. */
describe("reliability: the altcraft:retryBaseMs setting", () => {
  it("is read from the stack config and passed to the client", () => {
    const config = readConnectionConfig({ get: (key) => ({ "altcraft:retryBaseMs": " 25 " })[key] });
    assert.equal(CONFIG_KEYS.retryBaseMs, "altcraft:retryBaseMs");
    assert.equal(config.retryBaseMs, "25");
    assert.equal(resolveConnection({ ...BASE, retryBaseMs: "25" }, {}).client.retryBaseMs, 25);
    assert.equal(resolveConnection({ ...BASE, retryBaseMs: "0" }, {}).client.retryBaseMs, 0);
  });

  it("is left to the client's default when absent", () => {
    assert.equal("retryBaseMs" in resolveConnection(BASE, {}).client, false);
  });

  for (const bad of ["-1", "1.5", "fast", "1e3"]) {
    it(`refuses ${JSON.stringify(bad)} naming the key`, () => {
      assert.throws(() => resolveConnection({ ...BASE, retryBaseMs: bad }, {}), (error: unknown) => {
        assert.ok(error instanceof ConnectionSettingError);
        assert.equal(error.message, `Altcraft provider settings: altcraft:retryBaseMs must be a whole number of milliseconds, at least 0; got "${bad}"`);
        return true;
      });
    });
  }
});
