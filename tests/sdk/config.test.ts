import { strict as assert } from "node:assert";
import { AltcraftClient, AltcraftConfigError, ENV_BASE_URL, ENV_TOKEN, isLoopbackHost, readEnv, type AltcraftClientOptions } from "../../sdk";
import { resolveOptions } from "../../sdk/config";
import { DOC_TOKEN } from "./support/fixtures";
import { startScriptedServer, type ScriptedServer } from "./support/scripted-server";

/** The version package.json gives: the default User-Agent must name it. */
const PACKAGE_JSON_VERSION = (require("../../package.json") as { version: string }).version;

const BASE = { baseUrl: "https://ru.altkraft.com", token: DOC_TOKEN };

function configError(options: unknown): AltcraftConfigError {
  try {
    new AltcraftClient(options as AltcraftClientOptions);
  } catch (error) {
    assert.ok(error instanceof AltcraftConfigError, `expected AltcraftConfigError, got ${String(error)}`);
    assert.equal(error.kind, "config");
    assert.equal(error.retryable, false);
    return error;
  }
  throw new Error(`expected a config error for ${JSON.stringify(options)}`);
}

/** Runs `fn` with the two Altcraft env vars set as given (undefined = unset), restoring them afterwards. */
function withEnv(values: { base?: string; token?: string }, fn: () => void): void {
  const saved = { base: process.env[ENV_BASE_URL], token: process.env[ENV_TOKEN] };
  const put = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  put(ENV_BASE_URL, values.base);
  put(ENV_TOKEN, values.token);
  try {
    fn();
  } finally {
    put(ENV_BASE_URL, saved.base);
    put(ENV_TOKEN, saved.token);
  }
}

describe("sdk: client options", () => {
  describe("bad values are refused with the option's name and what is allowed", () => {
    const CASES: { options: Record<string, unknown>; option: string; message: RegExp }[] = [
      { options: { timeoutMs: -1 }, option: "timeoutMs", message: /^timeoutMs must be an integer between 1 and \d+, got -1$/ },
      { options: { timeoutMs: 0 }, option: "timeoutMs", message: /timeoutMs must be an integer/ },
      { options: { timeoutMs: "30s" }, option: "timeoutMs", message: /timeoutMs must be an integer .*got "30s"/ },
      { options: { maxRetries: 1.5 }, option: "maxRetries", message: /^maxRetries must be an integer between 0 and 10, got 1.5$/ },
      { options: { maxRetries: 11 }, option: "maxRetries", message: /between 0 and 10, got 11/ },
      { options: { maxRetries: -1 }, option: "maxRetries", message: /got -1/ },
      { options: { retryBaseMs: -5 }, option: "retryBaseMs", message: /retryBaseMs must be an integer/ },
      { options: { retryMaxMs: Number.NaN }, option: "retryMaxMs", message: /retryMaxMs must be an integer.*NaN/ },
      { options: { maxRetryAfterMs: 1e12 }, option: "maxRetryAfterMs", message: /maxRetryAfterMs must be an integer/ },
      { options: { maxResponseBytes: 0 }, option: "maxResponseBytes", message: /maxResponseBytes must be an integer >= 1, got 0/ },
      { options: { format: "yaml" }, option: "format", message: /^format must be "json" or "xml", got "yaml"$/ },
      { options: { tokenPlacement: "query" }, option: "tokenPlacement", message: /^tokenPlacement must be "body" or "header", got "query"$/ },
      { options: { allowInsecureHttp: "yes" }, option: "allowInsecureHttp", message: /allowInsecureHttp must be true or false/ },
      { options: { sleep: 5 }, option: "sleep", message: /sleep must be a function, got 5/ },
      { options: { random: "x" }, option: "random", message: /random must be a function/ },
      { options: { onRetry: {} }, option: "onRetry", message: /onRetry must be a function, got an object/ },
      { options: { userAgent: "" }, option: "userAgent", message: /userAgent must be a non-empty string/ },
      { options: { userAgent: "a\r\nX-Evil: 1" }, option: "userAgent", message: /printable ASCII/ },
      { options: { token: "" }, option: "token", message: /token must be a non-empty string, got an empty string/ },
      { options: { token: 42 }, option: "token", message: /token must be a non-empty string, got 42/ },
      { options: { token: "two words" }, option: "token", message: /visible ASCII/ },
      { options: { baseUrl: "ru.altkraft.com" }, option: "baseUrl", message: /baseUrl must be an absolute http\(s\) URL, got "ru.altkraft.com"/ },
      { options: { baseUrl: "ftp://ru.altkraft.com" }, option: "baseUrl", message: /must use https:\/\// },
      { options: { baseUrl: "https://user:pw@ru.altkraft.com" }, option: "baseUrl", message: /must not contain credentials/ },
      { options: { baseUrl: "https://ru.altkraft.com/?x=1" }, option: "baseUrl", message: /query string/ },
      { options: { baseUrl: "https://ru.altkraft.com/#top" }, option: "baseUrl", message: /fragment/ },
      { options: { baseUrl: 7 }, option: "baseUrl", message: /baseUrl must be a non-empty string, got 7/ },
      { options: { tiemoutMs: 5 }, option: "tiemoutMs", message: /^unknown option "tiemoutMs"; allowed options: baseUrl, token, format, .*userAgent$/ },
    ];
    for (const c of CASES) {
      it(`${JSON.stringify(c.options)} → ${c.option}`, () => {
        const error = configError({ ...BASE, ...c.options });
        assert.equal(error.option, c.option);
        assert.match(error.message, c.message);
      });
    }

    it("options that are not an object", () => {
      assert.match(configError("https://x").message, /options must be an object, got "https:\/\/x"/);
      assert.match(configError([]).message, /got an array/);
    });
  });

  describe("token length", () => {
    const SHORT_MESSAGE = /^token must be at least 8 characters: Altcraft API tokens are long random strings; check the value$/;

    for (const token of ["t", "abc1234", "  abc1234\n"]) {
      it(`refuses ${JSON.stringify(token)} (under 8 characters after trimming) without echoing it or garbling the error`, () => {
        const error = configError({ ...BASE, token });
        assert.equal(error.option, "token");
        assert.match(error.message, SHORT_MESSAGE);
        assert.equal(error.name, "AltcraftConfigError");
        assert.equal(error.kind, "config");
        assert.ok(!String(error.stack).includes("[REDACTED]"));
      });
    }

    it("refuses a short ALTCRAFT_TOKEN the same way", () => {
      withEnv({ base: "https://ru.altkraft.com", token: " short " }, () => {
        const error = configError({});
        assert.equal(error.option, "token");
        assert.match(error.message, SHORT_MESSAGE);
      });
    });

    it("accepts exactly 8 characters", () => {
      const client = new AltcraftClient({ ...BASE, token: " abcd1234 " });
      assert.equal(client.baseUrl, "https://ru.altkraft.com");
    });
  });

  describe("plain http", () => {
    it("is refused for a non-loopback host, naming allowInsecureHttp", () => {
      const error = configError({ ...BASE, baseUrl: "http://altcraft.example.com" });
      assert.equal(error.option, "baseUrl");
      assert.match(error.message, /unencrypted/);
      assert.match(error.message, /allowInsecureHttp/);
    });

    it("is accepted for a non-loopback host with allowInsecureHttp", () => {
      const client = new AltcraftClient({ ...BASE, baseUrl: "http://altcraft.internal:8080/", allowInsecureHttp: true });
      assert.equal(client.baseUrl, "http://altcraft.internal:8080");
    });

    for (const url of ["http://127.0.0.1:8080", "http://127.9.8.7", "http://localhost:3000", "http://[::1]:9000", "http://api.localhost"]) {
      it(`is accepted for the loopback URL ${url}`, () => {
        assert.equal(new AltcraftClient({ ...BASE, baseUrl: url }).baseUrl, url);
      });
    }

    it("isLoopbackHost knows loopback from look-alikes", () => {
      for (const host of ["127.0.0.1", "127.255.0.1", "localhost", "LOCALHOST", "::1", "[::1]"]) assert.equal(isLoopbackHost(host), true, host);
      for (const host of ["128.0.0.1", "10.0.0.1", "localhost.example.com", "127.0.0.1.nip.io", "::2", "0.0.0.0"]) assert.equal(isLoopbackHost(host), false, host);
    });
  });

  describe("base URL normalisation", () => {
    const CASES: [string, string][] = [
      ["https://ru.altkraft.com", "https://ru.altkraft.com"],
      ["https://ru.altkraft.com/", "https://ru.altkraft.com"],
      ["  https://RU.altkraft.com//  ", "https://ru.altkraft.com"],
      ["https://panel.example.com/altcraft/", "https://panel.example.com/altcraft"],
    ];
    for (const [given, expected] of CASES) {
      it(`${JSON.stringify(given)} → ${expected}`, () => {
        assert.equal(new AltcraftClient({ ...BASE, baseUrl: given }).baseUrl, expected);
      });
    }
  });

  describe("defaults", () => {
    it("fills every documented default", () => {
      const resolved = resolveOptions(BASE);
      const { sleep, random, onRetry, token, ...plain } = resolved;
      assert.equal(typeof sleep, "function");
      assert.equal(random, Math.random);
      assert.equal(onRetry, undefined);
      assert.equal(token, DOC_TOKEN);
      assert.deepStrictEqual(plain, {
        baseUrl: "https://ru.altkraft.com",
        format: "json",
        tokenPlacement: "body",
        timeoutMs: 30_000,
        maxRetries: 3,
        retryBaseMs: 500,
        retryMaxMs: 8_000,
        maxRetryAfterMs: 30_000,
        maxResponseBytes: 10 * 1024 * 1024,
        allowInsecureHttp: false,
        userAgent: `pulumi-altcraft/${PACKAGE_JSON_VERSION}`,
      });
    });

    it("treats an option set to undefined as left out", () => {
      assert.equal(resolveOptions({ ...BASE, timeoutMs: undefined, format: undefined }).timeoutMs, 30_000);
    });
  });

  describe("environment fallback", () => {
    let server: ScriptedServer;
    afterEach(async () => server?.close());

    it("reads ALTCRAFT_BASE_URL and ALTCRAFT_TOKEN (trimmed) when the options are left out", async () => {
      server = await startScriptedServer();
      let client: AltcraftClient | undefined;
      withEnv({ base: `  ${server.baseUrl}/ `, token: ` ${DOC_TOKEN}\n` }, () => {
        client = new AltcraftClient({ sleep: async () => undefined });
      });
      await client!.mailings.activate({ id: 82 });
      client!.close();
      assert.equal(client!.baseUrl, server.baseUrl);
      assert.equal(server.requests[0]?.body, `{"token":"${DOC_TOKEN}","id":82}`);
    });

    it("prefers the options over the environment", () => {
      withEnv({ base: "https://env.example.com", token: "env-token" }, () => {
        const resolved = resolveOptions({ baseUrl: "https://option.example.com", token: "option-token" });
        assert.equal(resolved.baseUrl, "https://option.example.com");
        assert.equal(resolved.token, "option-token");
      });
    });

    it("names both ways to supply a missing token", () => {
      withEnv({ base: "https://ru.altkraft.com" }, () => {
        const error = configError({});
        assert.equal(error.option, "token");
        assert.match(error.message, /`token` option/);
        assert.match(error.message, /ALTCRAFT_TOKEN/);
      });
    });

    it("treats a blank ALTCRAFT_TOKEN as unset", () => {
      withEnv({ base: "https://ru.altkraft.com", token: "   " }, () => {
        assert.equal(readEnv(ENV_TOKEN), undefined);
        assert.equal(configError({}).option, "token");
      });
    });

    it("names both ways to supply a missing base URL", () => {
      withEnv({ token: DOC_TOKEN }, () => {
        const error = configError({});
        assert.equal(error.option, "baseUrl");
        assert.match(error.message, /`baseUrl` option/);
        assert.match(error.message, /ALTCRAFT_BASE_URL/);
      });
    });

    it("leaves the environment as it found it", () => {
      const before = { base: process.env[ENV_BASE_URL], token: process.env[ENV_TOKEN] };
      withEnv({ base: "https://x.example.com", token: "env-token-1234" }, () => undefined);
      assert.deepStrictEqual({ base: process.env[ENV_BASE_URL], token: process.env[ENV_TOKEN] }, before);
    });
  });
});
