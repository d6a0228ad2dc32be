import assert from "node:assert/strict";
import { resolveConnection } from "../../provider/connection";

const TOKEN = "connection-reuse-token-5d1e";
const OTHER_TOKEN = "connection-reuse-token-77aa";

describe("ActivatedMailing connection settings, resolved once per config", () => {
  it("answers the same frozen settings for the same config object and environment", () => {
    const config = { baseUrl: "https://ru.altkraft.com", token: TOKEN, maxConcurrency: "4" };
    const env = {};
    const first = resolveConnection(config, env);
    assert.equal(resolveConnection(config, env), first);
    assert.equal(first.maxConcurrency, 4);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.client));
  });

  it("resolves again when a value of the config object changes", () => {
    const config: Record<string, string> = { baseUrl: "https://ru.altkraft.com", token: TOKEN, maxConcurrency: "4" };
    const env = {};
    assert.equal(resolveConnection(config, env).maxConcurrency, 4);
    config.maxConcurrency = "2";
    assert.equal(resolveConnection(config, env).maxConcurrency, 2);
    config.verifyOnPreview = "false";
    assert.equal(resolveConnection(config, env).verifyOnPreview, false);
    delete config.verifyOnPreview;
    assert.equal(resolveConnection(config, env).verifyOnPreview, true);
  });

  it("reads ALTCRAFT_TOKEN and ALTCRAFT_BASE_URL again when they change", () => {
    const config = {};
    const env: Record<string, string> = { ALTCRAFT_BASE_URL: "https://ru.altkraft.com", ALTCRAFT_TOKEN: TOKEN };
    assert.equal(resolveConnection(config, env).client.token, TOKEN);
    env.ALTCRAFT_TOKEN = OTHER_TOKEN;
    assert.equal(resolveConnection(config, env).client.token, OTHER_TOKEN);
    env.ALTCRAFT_BASE_URL = "https://eu.altkraft.com";
    assert.equal(resolveConnection(config, env).client.baseUrl, "https://eu.altkraft.com");
    assert.equal(resolveConnection(config, { ...env }).client.baseUrl, "https://eu.altkraft.com");
  });

  it("notices an unknown key added to the list of unknown ones", () => {
    const config: { baseUrl: string; token: string; unknown?: string[] } = { baseUrl: "https://ru.altkraft.com", token: TOKEN, unknown: [] };
    assert.doesNotThrow(() => resolveConnection(config, {}));
    config.unknown!.push("altcraft:tokn");
    assert.throws(() => resolveConnection(config, {}), /altcraft:tokn is not a setting of this provider/);
  });

  it("refuses bad settings on every call, never from a remembered answer", () => {
    const config = { baseUrl: "https://ru.altkraft.com", token: TOKEN, maxRetries: "many" };
    for (let i = 0; i < 2; i++) assert.throws(() => resolveConnection(config, {}), /altcraft:maxRetries must be a whole number/);
  });
});
