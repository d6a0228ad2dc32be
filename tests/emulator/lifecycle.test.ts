import { strict as assert } from "node:assert";
import { connect } from "node:net";
import { endpointPath } from "../../sdk/endpoints";
import { startEmulator } from "../../emulator";
import { callJson, rawRequest, TOKEN, waitUntil } from "./helpers";

describe("emulator lifecycle", () => {
  it("listens on 127.0.0.1 and a free port by default and reports its URL", async () => {
    const emulator = await startEmulator();
    try {
      assert.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(emulator.url, `http://127.0.0.1:${emulator.port}`);
      assert.ok(emulator.port > 0);
    } finally {
      await emulator.close();
    }
  });

  it("close() ends hanging requests and idle keep-alive sockets, and can be called twice", async () => {
    const emulator = await startEmulator({ mailings: [{ id: 1 }] });
    emulator.faults.add({ times: 3, fault: { type: "hang" } });
    const hung = [1, 2, 3].map(() => callJson(emulator, "getStatus", { id: 1 }));
    const idle = connect(emulator.port, "127.0.0.1");
    const idleClosed = new Promise((resolve) => idle.once("close", resolve));
    await waitUntil(() => emulator.requests.length === 3);
    await Promise.all([emulator.close(), emulator.close()]);
    for (const call of hung) await assert.rejects(call);
    await idleClosed;
    await assert.rejects(callJson(emulator, "getStatus", { id: 1 }), /ECONNREFUSED/);
  });

  it("close() cuts pending delays short instead of waiting them out", async () => {
    const emulator = await startEmulator({ mailings: [{ id: 1 }] });
    emulator.faults.add({ fault: { type: "delay", ms: 3_600_000 } });
    const delayed = callJson(emulator, "getStatus", { id: 1 });
    await waitUntil(() => emulator.requests.length === 1);
    await emulator.close();
    await assert.rejects(delayed);
    assert.equal(emulator.executions.length, 0);
  });

  it("closes a hung socket after requestTimeoutMs", async () => {
    const emulator = await startEmulator({ mailings: [{ id: 1 }], requestTimeoutMs: 50 });
    try {
      emulator.faults.add({ fault: { type: "hang" } });
      await assert.rejects(
        rawRequest(emulator, { path: endpointPath("getStatus"), headers: { "content-type": "application/json" }, body: JSON.stringify({ token: TOKEN, id: 1 }) }),
        /socket hang up|ECONNRESET/,
      );
    } finally {
      await emulator.close();
    }
  });

  it("applies latencyMs to API requests and still answers correctly", async () => {
    const emulator = await startEmulator({ mailings: [{ id: 1 }], latencyMs: 5 });
    try {
      const res = await callJson(emulator, "getStatus", { id: 1 });
      assert.equal(res.envelope.error, 0);
    } finally {
      await emulator.close();
    }
  });

  it("rejects when the port is taken", async () => {
    const first = await startEmulator();
    try {
      await assert.rejects(startEmulator({ port: first.port }), /EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
