import { strict as assert } from "node:assert";
import type { TokenPlacement, WireFormat } from "../../sdk";
import { ENDPOINT_CASES, jsonBodyWithToken, xmlBody } from "./support/endpoint-cases";
import { DOC_TOKEN, testClient } from "./support/fixtures";
import { startScriptedServer, type ScriptedServer } from "./support/scripted-server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const MODES: { format: WireFormat; placement: TokenPlacement }[] = [
  { format: "json", placement: "body" },
  { format: "json", placement: "header" },
  { format: "xml", placement: "body" },
  { format: "xml", placement: "header" },
];

describe("sdk: every endpoint on the wire", () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  for (const { format, placement } of MODES) {
    describe(`${format}, token in the ${placement}`, () => {
      for (const c of ENDPOINT_CASES) {
        it(`${c.title}: POST ${c.path} with the exact body, decoded result`, async () => {
          server = await startScriptedServer([format === "json" ? c.jsonReply : c.xmlReply]);
          const { client } = testClient(server.baseUrl, { format, tokenPlacement: placement });
          const result = await c.call(client);
          client.close();

          assert.equal(server.requests.length, 1);
          const request = server.requests[0]!;
          assert.equal(request.method, "POST");
          assert.equal(request.path, c.path);
          const media = format === "json" ? "application/json" : "application/xml";
          assert.equal(request.headers["content-type"], media);
          assert.equal(request.headers["accept"], media);
          const expectedBody =
            format === "json"
              ? placement === "body"
                ? jsonBodyWithToken(c.jsonParams)
                : c.jsonParams
              : xmlBody(c.xmlParams, placement === "body");
          assert.equal(request.body, expectedBody);
          if (placement === "header") {
            assert.equal(request.headers["authorization"], `Bearer ${DOC_TOKEN}`);
            assert.ok(!request.body.includes(DOC_TOKEN), "the token must not also travel in the body");
          } else {
            assert.equal(request.headers["authorization"], undefined);
          }
          const requestId = request.headers["request-id"];
          assert.match(String(requestId), UUID);

          if (c.returnsMeta) {
            const expected = { ...(c.result as object | undefined), requestId, duplicate: false, attempts: 1 };
            assert.deepStrictEqual(result, expected);
          } else {
            assert.deepStrictEqual(result, c.result);
          }
        });
      }
    });
  }

  it("sends the docs' canonical JSON request byte for byte", async () => {
    server = await startScriptedServer();
    const { client } = testClient(server.baseUrl);
    await client.mailings.activate({ id: 82, overrideSourceId: 1, overrideSourceType: "list", runNow: true });
    client.close();
    assert.equal(
      server.requests[0]?.body,
      '{"token":"abcdefghijklmnqrstuvwxyz","id":82,"override_source_id":1,"override_source_type":"list","run_now":true}',
    );
  });

  it("sends the docs' canonical XML request byte for byte, one element per line as the seed shows", async () => {
    server = await startScriptedServer();
    const { client } = testClient(server.baseUrl, { format: "xml" });
    await client.mailings.activate({ id: 82, overrideSourceId: 1, overrideSourceType: "list", runNow: true });
    client.close();
    assert.equal(
      server.requests[0]?.body,
      "<xml>\n<token>abcdefghijklmnqrstuvwxyz</token>\n<id>82</id>\n<override_source_id>1</override_source_id>\n" +
        "<override_source_type>list</override_source_type>\n<run_now>true</run_now>\n</xml>",
    );
  });

  it("keeps a base URL path prefix and drops its trailing slashes", async () => {
    server = await startScriptedServer();
    const { client } = testClient(`${server.baseUrl}/altcraft//`);
    await client.mailings.deactivate({ id: 1 });
    client.close();
    assert.equal(server.requests[0]?.path, "/altcraft/api/v1.1/campaigns/deactivate");
  });

  it("sends the configured User-Agent", async () => {
    server = await startScriptedServer();
    const { client } = testClient(server.baseUrl, { userAgent: "my-deployer/2.0" });
    await client.mailings.getStatus({ id: 1 }).catch(() => undefined);
    client.close();
    assert.equal(server.requests[0]?.headers["user-agent"], "my-deployer/2.0");
  });

  it("reports Duplicate-Request: true as duplicate, and keeps the given Request-ID", async () => {
    server = await startScriptedServer([
      { status: 200, headers: { "Content-Type": "application/json", "Duplicate-Request": "true", "Duplicate-Key": "abc" }, body: '{"data":{"saved_id":90},"error":0,"error_text":"Successful operation"}' },
    ]);
    const { client } = testClient(server.baseUrl);
    const result = await client.mailings.clone({ id: 82 }, { requestId: "deploy-42" });
    client.close();
    assert.deepStrictEqual(result, { savedId: 90, requestId: "deploy-42", duplicate: true, attempts: 1 });
    assert.equal(server.requests[0]?.headers["request-id"], "deploy-42");
  });

  it("gives every call its own Request-ID", async () => {
    server = await startScriptedServer();
    const { client } = testClient(server.baseUrl);
    const first = await client.mailings.activate({ id: 1 });
    const second = await client.mailings.activate({ id: 1 });
    client.close();
    assert.notEqual(first.requestId, second.requestId);
    assert.deepStrictEqual(
      server.requests.map((r) => r.headers["request-id"]),
      [first.requestId, second.requestId],
    );
  });

  it("reads an XML answer to a JSON request by its Content-Type", async () => {
    server = await startScriptedServer([
      { status: 200, headers: { "Content-Type": "text/xml" }, body: "<xml><data><is_active>1</is_active><is_completed>0</is_completed><status>Active</status></data><error>0</error></xml>" },
    ]);
    const { client } = testClient(server.baseUrl);
    const status = await client.mailings.getStatus({ id: 3 });
    client.close();
    assert.deepStrictEqual(status, { isActive: true, isCompleted: false, status: "Active" });
  });
});
