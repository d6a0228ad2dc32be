import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_USER_AGENT } from "../../sdk";
import { packageVersion } from "../../sdk/version";
import { testClient } from "./support/fixtures";
import { startScriptedServer, type ScriptedServer } from "./support/scripted-server";

const PACKAGE_JSON = path.resolve(__dirname, "..", "..", "package.json");

describe("the package version the client announces", () => {
  let server: ScriptedServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("is package.json's version, so a release never names another one", () => {
    const { version } = JSON.parse(readFileSync(PACKAGE_JSON, "utf8")) as { version: string };
    assert.equal(packageVersion(), version);
    assert.equal(DEFAULT_USER_AGENT, `pulumi-altcraft/${version}`);
  });

  it("goes out as the User-Agent when none is configured", async () => {
    server = await startScriptedServer();
    const { client } = testClient(server.baseUrl);
    await client.mailings.deactivate({ id: 1 });
    client.close();
    assert.equal(server.requests[0]?.headers["user-agent"], `pulumi-altcraft/${packageVersion()}`);
  });
});
