import assert from "node:assert/strict";
import * as os from "node:os";
import * as path from "node:path";
import { describeEndpoints, endpointOf, tally } from "../../bench/api-calls";
import { DEFAULT_RESULTS_DIR, outputTargets, PERFORMANCE_DOC } from "../../bench/results-file";

describe("bench call counting and output targets", () => {
  it("names endpoints without the API prefix or a trailing slash", () => {
    assert.equal(endpointOf("/api/v1.1/campaigns/activate/"), "campaigns/activate");
    assert.equal(endpointOf("/api/v1.1/campaigns/get"), "campaigns/get");
    assert.equal(endpointOf("/elsewhere"), "/elsewhere");
  });

  it("counts activate and deactivate as writes, everything else as reads, and 429 answers apart", () => {
    const at = 0;
    const counted = tally([
      { at, path: "/api/v1.1/campaigns/get", status: 200 },
      { at, path: "/api/v1.1/campaigns/activate/", status: 200 },
      { at, path: "/api/v1.1/campaigns/activate/", status: 429 },
      { at, path: "/api/v1.1/campaigns/deactivate", status: 200 },
      { at, path: "/api/v1.1/campaigns/get_status", status: 500 },
    ]);
    assert.deepEqual(counted, {
      calls: 4,
      reads: 2,
      writes: 2,
      rejected429: 1,
      byEndpoint: { "campaigns/get": 1, "campaigns/activate": 1, "campaigns/deactivate": 1, "campaigns/get_status": 1 },
    });
    assert.equal(describeEndpoints({ "campaigns/get": 6, "campaigns/activate": 3 }, 3), "campaigns/activate + 2 × campaigns/get");
    assert.equal(describeEndpoints({}), "none");
  });

  it("writes a full run to bench/results and docs/performance.md only, a quick run to a temporary directory", () => {
    assert.deepEqual(outputTargets("full", {}), { dir: DEFAULT_RESULTS_DIR, doc: PERFORMANCE_DOC });
    const quick = outputTargets("quick", {});
    assert.equal(quick.doc, undefined);
    assert.ok(quick.dir.startsWith(os.tmpdir()));
    assert.deepEqual(outputTargets("full", { BENCH_OUT_DIR: "/tmp/x" }), { dir: path.resolve("/tmp/x"), doc: undefined });
    for (const target of [outputTargets("full", {}), quick]) assert.ok(!JSON.stringify(target).includes("README"));
  });
});
