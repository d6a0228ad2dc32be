import { strict as assert } from "node:assert";
import {
  annotateSecrets,
  containsSecrets,
  fromStruct,
  isSecret,
  markSecretKeys,
  secret,
  stripSecrets,
  toStruct,
} from "../harness/propertyValues";

describe("harness property values", () => {
  it("strips secret envelopes at any depth", () => {
    const bag = { token: secret("t"), nested: { list: [secret(1), 2] }, plain: "p" };
    assert.deepEqual(stripSecrets(bag), { token: "t", nested: { list: [1, 2] }, plain: "p" });
    assert.equal(containsSecrets(bag.nested), true);
    assert.equal(containsSecrets(stripSecrets(bag)), false);
  });

  it("re-marks outputs like the engine: per key in objects, whole arrays, unrelated keys untouched", () => {
    const inputs = { content: secret("c"), nested: { inner: secret("i"), open: "o" }, tags: ["a", secret("b")], label: "l" };
    const outputs = { content: "c", nested: { inner: "i", open: "o" }, tags: ["a", "b"], label: "l", extra: "x" };
    const marked = annotateSecrets(outputs, inputs);
    assert.ok(isSecret(marked.content));
    assert.ok(!isSecret(marked.nested));
    assert.ok(isSecret((marked.nested as Record<string, unknown>).inner));
    assert.equal((marked.nested as Record<string, unknown>).open, "o");
    assert.ok(isSecret(marked.tags));
    assert.equal(marked.label, "l");
    assert.equal(marked.extra, "x");
  });

  it("marks named keys secret without double-wrapping", () => {
    const marked = markSecretKeys({ a: 1, b: secret(2), c: 3 }, ["a", "b", "missing"]);
    assert.deepEqual(marked, { a: secret(1), b: secret(2), c: 3 });
  });

  it("drops undefined when encoding a Struct instead of failing", () => {
    assert.deepEqual(fromStruct(toStruct({ kept: "k", dropped: undefined, n: null })), { kept: "k", n: null });
  });
});
