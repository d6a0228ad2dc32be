import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { isDuplicateAnswer } from "../../sdk/dedup";
import { testClient } from "./support/fixtures";
import { OK_BODY } from "./support/scripted-server";

/** A server that answers every call with a success envelope and the given raw header lines (repeats allowed). */
async function serverWithHeaders(lines: [string, string][]): Promise<{ baseUrl: string; requests: http.IncomingHttpHeaders[]; close(): Promise<void> }> {
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    req.resume();
    req.on("end", () => {
      // A flat [name, value, name, value, …] list sends each pair as its own header line, repeats included.
      res.writeHead(200, ["Content-Type", "application/json", ...lines.flat()]);
      res.end(OK_BODY);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const CASES: { name: string; lines: [string, string][]; duplicate: boolean }[] = [
  { name: "no marker", lines: [], duplicate: false },
  { name: "Duplicate-Request: true", lines: [["Duplicate-Request", "true"]], duplicate: true },
  { name: "X-Duplicate-Request: true (older versions)", lines: [["X-Duplicate-Request", "true"]], duplicate: true },
  { name: "Duplicate-Request: TRUE", lines: [["Duplicate-Request", "TRUE"]], duplicate: true },
  { name: "a repeated Duplicate-Request header line", lines: [["Duplicate-Request", "true"], ["Duplicate-Request", "true"]], duplicate: true },
  { name: 'one header holding "true, true"', lines: [["Duplicate-Request", "true, true"]], duplicate: true },
  { name: "both spellings", lines: [["Duplicate-Request", "true"], ["X-Duplicate-Request", "true"]], duplicate: true },
  { name: "only Duplicate-Key", lines: [["Duplicate-Key", "abc"]], duplicate: true },
  { name: "only X-Duplicate-Key", lines: [["X-Duplicate-Key", "abc"]], duplicate: true },
  { name: "Duplicate-Request: false with a key", lines: [["Duplicate-Request", "false"], ["Duplicate-Key", "abc"]], duplicate: false },
  { name: "Duplicate-Request: false", lines: [["Duplicate-Request", "false"]], duplicate: false },
];

describe("sdk: duplicate markers (Duplicate-Request / X-Duplicate-Request / -Key)", () => {
  for (const testCase of CASES) {
    it(`${testCase.name} → duplicate: ${testCase.duplicate}`, async () => {
      const server = await serverWithHeaders(testCase.lines);
      const { client } = testClient(server.baseUrl, { maxRetries: 0 });
      try {
        const meta = await client.mailings.activate({ id: 5 }, { requestId: "req-dup-1" });
        assert.equal(meta.duplicate, testCase.duplicate);
        const clone = await client.mailings.deactivate({ id: 5 });
        assert.equal(clone.duplicate, testCase.duplicate, "every mutating method reads the markers the same way");
      } finally {
        client.close();
        await server.close();
      }
    });
  }

  it("sends the Request-ID under both spellings, Request-ID and X-Request-ID, with one value", async () => {
    const server = await serverWithHeaders([]);
    const { client } = testClient(server.baseUrl, { maxRetries: 0 });
    try {
      await client.mailings.activate({ id: 5 }, { requestId: "req-both-7" });
    } finally {
      client.close();
      await server.close();
    }
    assert.equal(server.requests[0]?.["request-id"], "req-both-7");
    assert.equal(server.requests[0]?.["x-request-id"], "req-both-7");
  });

  it("isDuplicateAnswer reads array values and ignores empty ones", () => {
    assert.equal(isDuplicateAnswer({ "duplicate-request": ["false", "true"] }), true);
    assert.equal(isDuplicateAnswer({ "x-duplicate-request": " , " , "duplicate-key": "" }), false);
    assert.equal(isDuplicateAnswer({ "duplicate-request": "1" }), true);
  });
});
