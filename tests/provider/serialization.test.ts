import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { activatedMailingProvider } from "../../provider/provider";

/** The goal for what one resource stores: `__provider` plus outputs. */
const STATE_BUDGET_BYTES = 16 * 1024;

describe("ActivatedMailing provider serialization", () => {
  let text: string;

  before(async () => {
    process.env.ALTCRAFT_TOKEN = "serialization-test-token-0123456789";
    // Exactly what the SDK stores in `__provider` for every dynamic resource.
    text = (await pulumi.runtime.serializeFunction(() => activatedMailingProvider, { allowSecrets: true })).text;
  });

  after(() => {
    delete process.env.ALTCRAFT_TOKEN;
  });

  it("serializes, and the text loads the implementation by package name", () => {
    assert.match(text, /exports\.handler/);
    assert.match(text, /pulumi-altcraft\/dist\/provider\/runtime/);
  });

  it("holds no token, even with one in the environment at program time", () => {
    assert.equal(text.includes("serialization-test-token-0123456789"), false);
    assert.equal(/token"\s*:\s*"/.test(text), false);
  });

  it(`stays well under ${STATE_BUDGET_BYTES} bytes per resource`, () => {
    assert.ok(Buffer.byteLength(text) < STATE_BUDGET_BYTES / 4, `__provider is ${Buffer.byteLength(text)} bytes`);
  });

  it("holds no token even after configure ran in the same process", async () => {
    const token = "configured-in-process-token-9d2f";
    const config = new Map([["altcraft:baseUrl", "http://127.0.0.1:9"], ["altcraft:token", token]]);
    await activatedMailingProvider.configure!({ config: { get: (key: string) => config.get(key), require: (key: string) => config.get(key)! } });
    const after = (await pulumi.runtime.serializeFunction(() => activatedMailingProvider, { allowSecrets: true })).text;
    assert.equal(after.includes(token), false);
    assert.equal(after, text, "configure leaves nothing on the serialized object");
  });
});
