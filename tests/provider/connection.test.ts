import assert from "node:assert/strict";
import { readConnectionConfig, resolveConnection } from "../../provider/connection";
import { configure, sessionFor } from "../../provider/lifecycle";

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
    [{ verifyOnPreview: "yes" }, /altcraft:verifyOnPreview must be one of true, false/],
    [{ onManualPause: "ignore" }, /altcraft:onManualPause must be one of keep, resume, fail/],
  ];
  for (const [config, message] of bad) {
    it(`refuses ${JSON.stringify(config)} naming the config key`, () => {
      assert.throws(() => resolveConnection({ baseUrl: "https://ru.altkraft.com", token: TOKEN, ...config }, {}), message);
    });
  }

  it("defaults: verifyOnPreview on, onManualPause keep", () => {
    const resolved = resolveConnection({ baseUrl: "https://ru.altkraft.com", token: TOKEN }, {});
    assert.equal(resolved.verifyOnPreview, true);
    assert.equal(resolved.onManualPause, "keep");
  });

  it("reports every bad setting in one error, unknown altcraft:* keys included", () => {
    const values: Record<string, string> = { "altcraft:format": "yaml", "altcraft:maxConcurrency": "0", "altcraft:onManualPause": "ignore", "altcraft:tokn": TOKEN };
    const config = readConnectionConfig({ get: (key) => values[key], rawConfig: values } as { get(key: string): string | undefined });
    assert.deepEqual(config.unknown, ["altcraft:tokn"]);
    assert.throws(
      () => resolveConnection(config, {}),
      (error: Error) =>
        error.name === "ConnectionSettingError" &&
        /\(6 problems\)/.test(error.message) &&
        [/altcraft:baseUrl/, /altcraft:token/, /altcraft:tokn is not a setting/, /altcraft:format/, /altcraft:maxConcurrency/, /altcraft:onManualPause/].every((re) => re.test(error.message)) &&
        !error.message.includes(TOKEN),
    );
  });

  it("the mailings program's own altcraft:mailingsFile is not an unknown setting", () => {
    const values: Record<string, string> = { "altcraft:mailingsFile": "mailings.yaml", "altcraft:baseUrl": "https://ru.altkraft.com", "altcraft:token": TOKEN };
    const config = readConnectionConfig({ get: (key) => values[key], rawConfig: values } as { get(key: string): string | undefined });
    assert.equal(config.unknown, undefined);
    assert.doesNotThrow(() => resolveConnection(config, {}));
  });

  it("a setting the client refuses is reported under its altcraft: key, without the token, when a session is asked for", () => {
    for (const [config, message] of [
      [{ "altcraft:maxRetries": "50" }, /altcraft:maxRetries/],
      [{ "altcraft:baseUrl": "http://altcraft.example.com" }, /altcraft:allowInsecureHttp/],
    ] as const) {
      const values: Record<string, string> = { "altcraft:baseUrl": "https://ru.altkraft.com", "altcraft:token": TOKEN, ...config };
      const provider = {};
      configure(provider, { get: (key) => values[key] });
      assert.throws(
        () => sessionFor(provider),
        (error: Error) => message.test(error.message) && !error.message.includes(TOKEN) && !/(?<!altcraft:)\ballowInsecureHttp\b|(?<!altcraft:)\bmaxRetries\b/.test(error.message),
      );
    }
  });

  it("sessions are per configured provider object; an unconfigured one is refused like a missing setting", () => {
    const values: Record<string, string> = { "altcraft:baseUrl": "https://ru.altkraft.com", "altcraft:token": TOKEN, "altcraft:onManualPause": "fail" };
    const provider = {};
    configure(provider, { get: (key) => values[key] });
    const session = sessionFor(provider);
    assert.equal(session.onManualPause, "fail");
    assert.equal(sessionFor(provider), session, "one session per connection");
    const saved = { url: process.env.ALTCRAFT_BASE_URL, token: process.env.ALTCRAFT_TOKEN };
    delete process.env.ALTCRAFT_BASE_URL;
    delete process.env.ALTCRAFT_TOKEN;
    try {
      assert.throws(() => sessionFor({}), /API base URL is not set/);
    } finally {
      if (saved.url !== undefined) process.env.ALTCRAFT_BASE_URL = saved.url;
      if (saved.token !== undefined) process.env.ALTCRAFT_TOKEN = saved.token;
    }
  });
});
