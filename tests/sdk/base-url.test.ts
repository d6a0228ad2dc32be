import { strict as assert } from "node:assert";
import { AltcraftClient, ENV_BASE_URL, isAltcraftError } from "../../sdk";
import { withoutCredentials } from "../../sdk/base-url";
import { DOC_TOKEN, rejectionOf, testClient } from "./support/fixtures";
import { startScriptedServer } from "./support/scripted-server";

const PASSWORD = "hunter2-Pa55";

function configError(options: Record<string, unknown>): Error & { option?: string; kind?: string } {
  try {
    new AltcraftClient({ token: DOC_TOKEN, ...options });
  } catch (error) {
    assert.ok(isAltcraftError(error), String(error));
    return error as Error & { option?: string };
  }
  throw new Error(`expected ${JSON.stringify(options)} to be refused`);
}

describe("sdk: baseUrl credentials and the API prefix", () => {
  describe("credentials in a base URL are refused and never printed", () => {
    const urls = [
      `https://admin:${PASSWORD}@ru.altkraft.com`,
      `https://${PASSWORD}@ru.altkraft.com/`,
      `https://admin:${PASSWORD}@ru.altkraft.com/?q=1`,
      `http://admin:${PASSWORD}@example.com`,
      `https://admin:${PASSWORD}/x@ru.altkraft.com:bad`,
      `admin:${PASSWORD}@ru.altkraft.com`,
      ` ftp://admin:${PASSWORD}@ru.altkraft.com`,
      `https://admin:${PASSWORD}@ru.altkraft.com/api/v1.1`,
    ];
    for (const url of urls) {
      it(JSON.stringify(url.replace(PASSWORD, "<password>")), () => {
        const error = configError({ baseUrl: url });
        assert.equal(error.option, "baseUrl");
        assert.ok(!error.message.includes(PASSWORD) && !String(error.stack).includes(PASSWORD), error.message);
        assert.ok(!error.message.includes("admin"), error.message);
      });
    }

    it("also from ALTCRAFT_BASE_URL", () => {
      const saved = process.env[ENV_BASE_URL];
      process.env[ENV_BASE_URL] = `https://admin:${PASSWORD}@ru.altkraft.com`;
      try {
        const error = configError({});
        assert.match(error.message, /must not contain credentials/);
        assert.ok(!error.message.includes(PASSWORD));
      } finally {
        if (saved === undefined) delete process.env[ENV_BASE_URL];
        else process.env[ENV_BASE_URL] = saved;
      }
    });

    it("withoutCredentials keeps the host and path of a URL without credentials as they are", () => {
      assert.equal(withoutCredentials("https://ru.altkraft.com/x"), "https://ru.altkraft.com/x");
      assert.equal(withoutCredentials(`https://a:${PASSWORD}@h/p`), "https://[REDACTED]@h/p");
    });

    it("a refused redirect's Location shows no credentials", async () => {
      const server = await startScriptedServer([{ status: 302, headers: { Location: `https://evil:${PASSWORD}@elsewhere.example/` } }]);
      const { client } = testClient(server.baseUrl, { maxRetries: 0 });
      const error = await rejectionOf(client.mailings.activate({ id: 5 }));
      client.close();
      await server.close();
      assert.match((error as Error).message, /redirect refused/);
      assert.ok(!(error as Error).message.includes(PASSWORD), (error as Error).message);
    });
  });

  describe("a base URL holding the API prefix is refused with what to drop", () => {
    const cases: [string, string, string][] = [
      ["https://ru.altkraft.com/api/v1.1", "/api/v1.1", "https://ru.altkraft.com"],
      ["https://ru.altkraft.com/api/v1.1/", "/api/v1.1/", "https://ru.altkraft.com"],
      ["https://host.example/altcraft/api/v1.1/campaigns/list", "/api/v1.1/campaigns/list", "https://host.example/altcraft"],
      ["http://127.0.0.1:8080/API/V1.1", "/API/V1.1", "http://127.0.0.1:8080"],
    ];
    for (const [url, drop, use] of cases) {
      it(url, () => {
        const error = configError({ baseUrl: url });
        assert.equal(error.option, "baseUrl");
        assert.match(error.message, /must not include the API prefix \/api\/v1\.1/);
        assert.ok(error.message.includes(`drop "${drop}"`), error.message);
        assert.ok(error.message.includes(`use "${use}"`), error.message);
      });
    }

    it("a path that merely resembles the prefix is kept", () => {
      const client = new AltcraftClient({ baseUrl: "https://host.example/api/v1.10/", token: DOC_TOKEN });
      assert.equal(client.baseUrl, "https://host.example/api/v1.10");
      const other = new AltcraftClient({ baseUrl: "https://host.example/myapi/v1.1", token: DOC_TOKEN });
      assert.equal(other.baseUrl, "https://host.example/myapi/v1.1");
    });
  });
});
