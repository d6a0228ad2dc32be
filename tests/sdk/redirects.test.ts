import { strict as assert } from "node:assert";
import type { AltcraftHttpError } from "../../sdk";
import { rejectionOf, testClient } from "./support/fixtures";
import { startScriptedServer, type ScriptedServer } from "./support/scripted-server";

describe("sdk: redirects are refused", () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status}: typed error, the Location is never requested, no retry`, async () => {
      server = await startScriptedServer();
      const location = `${server.baseUrl}/elsewhere/api/v1.1/campaigns/activate/`;
      server.script({ status, headers: { Location: location }, body: "" });
      const { client, clock } = testClient(server.baseUrl);
      const error = (await rejectionOf(client.mailings.activate({ id: 82 }))) as AltcraftHttpError;
      client.close();
      assert.equal(error.name, "AltcraftHttpError");
      assert.equal(error.kind, "http");
      assert.equal(error.httpStatus, status);
      assert.equal(error.location, location);
      assert.equal(error.endpoint, "campaigns/activate/");
      assert.equal(error.retryable, false);
      assert.match(error.message, new RegExp(`^campaigns/activate/: HTTP ${status} redirect refused \\(Location: `));
      assert.deepStrictEqual(server.requests.map((r) => r.path), ["/api/v1.1/campaigns/activate/"]);
      assert.deepStrictEqual(clock.delays, []);
    });
  }
});
