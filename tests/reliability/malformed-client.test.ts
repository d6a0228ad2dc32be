import assert from "node:assert/strict";
import { AltcraftClient, isAltcraftError, type AltcraftErrorKind } from "../../sdk";
import {
  MALFORMED_CLASSES,
  TEST_MAX_RESPONSE_BYTES,
  VALID_BODIES,
  generateMalformedCases,
  type MalformedCase,
  type MalformedClass,
} from "./support/malformed-bodies";
import { startRawServer, type RawServer } from "./support/raw-server";
import { recordUnhandledRejections, type RejectionRecorder } from "./support/unhandled-rejections";

const TOKEN = "malformed-bulk-token-61f0";
const TIMEOUT_MS = 1_000;
/** Cases in flight at once: enough to finish quickly, few enough that a slow machine stays far from the timeout. */
const PARALLEL = 16;
/** Error messages stay readable: the API's text is capped at 500 characters, body snippets at 200. */
const MAX_MESSAGE_CHARS = 1_000;

/** What one case ended in. */
interface Outcome {
  testCase: MalformedCase;
  error?: unknown;
  resolved?: unknown;
}

async function runCase(client: AltcraftClient, testCase: MalformedCase): Promise<Outcome> {
  try {
    const call = testCase.endpoint === "get" ? client.mailings.get({ id: 82 }, { requestId: testCase.id }) : client.mailings.getStatus({ id: 82 }, { requestId: testCase.id });
    return { testCase, resolved: await call };
  } catch (error) {
    return { testCase, error };
  }
}

async function runAll(client: AltcraftClient, cases: MalformedCase[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const testCase = cases[next++]!;
      outcomes.push(await runCase(client, testCase));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return outcomes;
}

/**
 * At least 1,000 broken responses straight through the client: every one ends in a typed error of an expected kind,
 * within the timeout (only the deliberately stalled bodies time out), with no unhandled rejection and no token.
 */
describe("reliability: malformed responses through the client", function () {
  this.timeout(120_000);
  const cases = generateMalformedCases();
  let server: RawServer;
  let client: AltcraftClient;
  let rejections: RejectionRecorder;
  let outcomes: Outcome[] = [];

  before(async () => {
    rejections = recordUnhandledRejections();
    server = await startRawServer();
    for (const testCase of cases) server.set(testCase.id, testCase.reply);
    client = new AltcraftClient({ baseUrl: server.url, token: TOKEN, maxRetries: 0, timeoutMs: TIMEOUT_MS, maxResponseBytes: TEST_MAX_RESPONSE_BYTES });
  });

  after(async () => {
    client?.close();
    await server?.close();
    rejections?.uninstall();
  });

  it("generates more than 1,000 distinct cases covering every class", () => {
    assert.ok(cases.length >= 1_000, `only ${cases.length} cases`);
    assert.equal(new Set(cases.map((c) => c.id)).size, cases.length, "case ids are unique");
    for (const cls of MALFORMED_CLASSES) assert.ok(cases.some((c) => c.class === cls), `no case of class ${cls}`);
  });

  it("control: the uncut bodies the truncations start from decode successfully", async () => {
    for (const valid of VALID_BODIES) {
      const id = `control.${valid.name}`;
      server.set(id, { status: 200, headers: { "Content-Type": valid.contentType }, body: Buffer.from(valid.body) });
      const result = valid.endpoint === "get" ? await client.mailings.get({ id: 82 }, { requestId: id }) : await client.mailings.getStatus({ id: 82 }, { requestId: id });
      assert.equal(result.isActive, true, valid.name);
    }
  });

  it("every case gives a typed error of an expected kind, one request each, no unhandled rejection", async () => {
    const receivedBefore = server.received.length;
    outcomes = await runAll(client, cases);
    assert.equal(outcomes.length, cases.length);

    const resolved = outcomes.filter((o) => o.error === undefined).map((o) => o.testCase.id);
    assert.deepEqual(resolved, [], "no broken body may decode into a result");
    const untyped = outcomes.filter((o) => !isAltcraftError(o.error)).map((o) => `${o.testCase.id}: ${String(o.error)}`);
    assert.deepEqual(untyped, [], "every failure is an Altcraft error");
    const unexpected = outcomes
      .filter((o) => isAltcraftError(o.error) && !o.testCase.expectedKinds.includes(o.error.kind))
      .map((o) => `${o.testCase.id}: ${(o.error as { kind: string }).kind}: ${(o.error as Error).message}`);
    assert.deepEqual(unexpected, [], "each error has an expected kind (only stalled bodies time out)");
    const leaks = outcomes.filter((o) => (o.error as Error).message.includes(TOKEN) || String((o.error as Error).stack).includes(TOKEN));
    assert.equal(leaks.length, 0);
    assert.equal(server.received.length - receivedBefore, cases.length, "no retry: exactly one request per case");
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(rejections.reasons, []);
  });

  it("messages say what was wrong, briefly: the endpoint and a reason, never an empty or unbounded text", () => {
    assert.ok(outcomes.length > 0, "runs after the bulk case");
    // A message travels in a gRPC status out of Pulumi's provider host; a 100 KB one breaks the stream there.
    const long = outcomes.filter((o) => (o.error as Error).message.length > MAX_MESSAGE_CHARS).map((o) => `${o.testCase.id}: ${(o.error as Error).message.length} chars`);
    assert.deepEqual(long, []);
    for (const { testCase, error } of outcomes) {
      const message = (error as Error).message;
      const path = testCase.endpoint === "get" ? "campaigns/get" : "campaigns/get_status";
      assert.ok(message.startsWith(`${path}: `) || message.startsWith(`${path}/: `), `${testCase.id}: ${message}`);
    }
    const byKind = (cls: MalformedClass, pattern: RegExp): void => {
      for (const o of outcomes.filter((x) => x.testCase.class === cls && x.testCase.reply.status === 200 && !x.testCase.reply.wire)) {
        assert.match((o.error as Error).message, pattern, o.testCase.id);
      }
    };
    byKind("truncated JSON", /invalid response \(HTTP 200\): (invalid JSON|empty body)/);
    byKind("truncated XML", /invalid response \(HTTP 200\): (invalid XML|empty body)/);
    byKind("huge body", /larger than maxResponseBytes/);
    byKind("missing field", /invalid response \(HTTP 200\): .*(is missing|must be an object|not an Altcraft envelope)/);
  });

  it("tallies outcomes per class for the reliability table", () => {
    const tally = new Map<MalformedClass, Map<AltcraftErrorKind, number>>();
    for (const { testCase, error } of outcomes) {
      const kinds = tally.get(testCase.class) ?? new Map<AltcraftErrorKind, number>();
      const kind = (error as { kind: AltcraftErrorKind }).kind;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      tally.set(testCase.class, kinds);
    }
    let total = 0;
    for (const cls of MALFORMED_CLASSES) {
      const kinds = tally.get(cls);
      assert.ok(kinds, `class ${cls} ran`);
      total += [...kinds.values()].reduce((a, b) => a + b, 0);
    }
    assert.equal(total, cases.length);
    if (process.env.RELIABILITY_REPORT) {
      for (const [cls, kinds] of tally) console.log(`  ${cls}: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(", ")}`);
    }
  });
});
