import assert from "node:assert/strict";
import { readConnectionConfig, resolveConnection } from "../../provider/connection";
import { sessionFor } from "../../provider/runtime";

const TOKEN = "connection-test-token-41c7";

describe("ActivatedMailing connection settings", () => {
  it("reads the altcraft:* keys from the stack config, trimmed, and ignores others", () => {
    const values: Record<string, string> = { "altcraft:baseUrl": " https://ru.altkraft.com ", "altcraft:token": TOKEN, "aws:region": "x", "altcraft:format": "" };
    assert.deepEqual(readConnectionConfig({ get: (key) => values[key] }), { baseUrl: "https://ru.altkraft.com", token: TOKEN });
  });

  it("falls back to ALTCRAFT_BASE_URL and ALTCRAFT_TOKEN, read at call time", () => {
    const resolved = resolveConnection({}, { ALTCRAFT_BASE_URL: "https://ru.altkraft.com", ALTCRAFT_TOKEN: ` ${TOKEN} ` });
    assert.equal(resolved.client.baseUrl, "https://ru.altkraft.com");
    assert.equal(resolved.client.token, TOKEN);
    assert.equal(resolved.maxConcurrency, 8);
  });

  it("a missing setting names both ways to supply it, in one error", () => {
    assert.throws(
      () => resolveConnection({}, {}),
      (error: Error) =>
        /altcraft:baseUrl/.test(error.message) &&
        /ALTCRAFT_BASE_URL/.test(error.message) &&
        /pulumi config set --secret altcraft:token/.test(error.message) &&
        /ALTCRAFT_TOKEN/.test(error.message),
    );
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ format: "yaml" }, /altcraft:format must be one of json, xml; got "yaml"/],
    [{ timeoutMs: "soon" }, /altcraft:timeoutMs must be a whole number of milliseconds/],
    [{ maxRetries: "-1" }, /altcraft:maxRetries must be a whole number/],
    [{ maxConcurrency: "0" }, /altcraft:maxConcurrency must be a whole number of calls at once, at least 1/],
    [{ allowInsecureHttp: "yes" }, /altcraft:allowInsecureHttp must be one of true, false/],
  ];
  for (const [config, message] of bad) {
    it(`refuses ${JSON.stringify(config)} naming the config key`, () => {
      assert.throws(() => resolveConnection({ baseUrl: "https://ru.altkraft.com", token: TOKEN, ...config }, {}), message);
    });
  }

  it("a setting the client refuses is reported under its altcraft: key, without the token", () => {
    for (const [config, message] of [
      [{ maxRetries: "50" }, /altcraft:maxRetries/],
      [{ baseUrl: "http://altcraft.example.com" }, /altcraft:allowInsecureHttp/],
    ] as const) {
      assert.throws(
        () => sessionFor({ baseUrl: "https://ru.altkraft.com", token: TOKEN, ...config }),
        (error: Error) => message.test(error.message) && !error.message.includes(TOKEN) && !/(?<!altcraft:)\ballowInsecureHttp\b|(?<!altcraft:)\bmaxRetries\b/.test(error.message),
      );
    }
  });
});
