import { strict as assert } from "node:assert";
import { ERROR_CODES, SUCCESS_TEXT } from "../../sdk/codes";
import { API_PREFIX, endpointPath } from "../../sdk/endpoints";
import type { Emulator } from "../../emulator";
import { callJson, startSeeded, type ManualClock } from "./helpers";

describe("emulator endpoints (JSON)", () => {
  let emulator: Emulator;
  let clock: ManualClock;
  beforeEach(async () => ({ emulator, clock } = await startSeeded()));
  afterEach(() => emulator.close());

  describe("campaigns/activate/", () => {
    it("answers the documented envelope and switches the mailing on", async () => {
      const res = await callJson(emulator, "activate", { id: 82 });
      assert.equal(res.status, 200);
      assert.deepEqual(res.envelope, { data: null, error: 0, error_text: SUCCESS_TEXT });
      assert.equal(emulator.mailing(82)?.isActive, true);
      assert.equal(emulator.mailing(82)?.status, "Active");
      assert.deepEqual(emulator.launches(82), [], "no run without run_now");
    });

    it("records a launch with the run params of the canonical example", async () => {
      await callJson(emulator, "activate", { id: 82, override_source_id: 1, override_source_type: "list", run_now: true }, { requestId: "r-1" });
      assert.deepEqual(emulator.launches(82), [
        { mailingId: 82, runParams: { override_source_type: "list", override_source_id: 1 }, requestId: "r-1", at: clock.time },
      ]);
      const execution = emulator.executions.at(-1);
      assert.deepEqual(execution, {
        endpoint: "activate",
        mailingId: 82,
        params: { id: 82, run_now: true, override_source_type: "list", override_source_id: 1 },
        requestId: "r-1",
        error: 0,
        at: clock.time,
      });
    });

    it("passes content, attach and override_limit through to the launch", async () => {
      const content = { H1: "Weather alert", H2: "Welcome" };
      const attach = [{ file: "a1b2" }];
      await callJson(emulator, "activate", { id: 82, run_now: true, override_limit: 100, content, attach });
      assert.deepEqual(emulator.launches(82), [{ mailingId: 82, runParams: { override_limit: 100, content, attach }, at: clock.time }]);
    });

    it("ignores override_* without run_now: no launch, mailing still activated", async () => {
      const res = await callJson(emulator, "activate", { id: 82, override_source_type: "segment", override_source_id: 5 });
      assert.equal(res.envelope.error, 0);
      assert.equal(emulator.mailing(82)?.isActive, true);
      assert.equal(emulator.launches().length, 0);
    });

    it("succeeds on an already active mailing and launches again with run_now", async () => {
      await callJson(emulator, "activate", { id: 4727, run_now: true }, { requestId: "a" });
      const again = await callJson(emulator, "activate", { id: 4727, run_now: true }, { requestId: "b" });
      assert.equal(again.envelope.error, 0);
      assert.equal(emulator.launches(4727).length, 2);
      assert.equal(emulator.mailing(4727)?.isCompleted, false, "a broadcast run does not mark the mailing completed");
    });
  });

  describe("campaigns/deactivate", () => {
    it("switches the mailing off", async () => {
      const res = await callJson(emulator, "deactivate", { id: 4727, abort_if_running: true });
      assert.deepEqual(res.envelope, { data: null, error: 0, error_text: SUCCESS_TEXT });
      assert.equal(emulator.mailing(4727)?.isActive, false);
      assert.equal(emulator.mailing(4727)?.status, "Inactive");
      assert.deepEqual(emulator.executions.at(-1)?.params, { id: 4727, abort_if_running: true });
    });

    it("succeeds on an inactive mailing (no-op)", async () => {
      const res = await callJson(emulator, "deactivate", { id: 82 });
      assert.equal(res.envelope.error, 0);
      assert.equal(emulator.mailing(82)?.isActive, false);
    });

    it("accepts the doc example's string-typed params", async () => {
      const res = await callJson(emulator, "deactivate", { id: "4727", abort_if_running: "true" });
      assert.equal(res.envelope.error, 0);
      assert.deepEqual(emulator.executions.at(-1)?.params, { id: 4727, abort_if_running: true });
    });
  });

  describe("campaigns/get_status", () => {
    it("reports the flags and status string", async () => {
      const before = await callJson(emulator, "getStatus", { id: 82 });
      assert.deepEqual(before.envelope.data, { is_active: false, is_completed: false, status: "Inactive" });
      await callJson(emulator, "activate", { id: 82 });
      const after = await callJson(emulator, "getStatus", { id: 82 });
      assert.deepEqual(after.envelope.data, { is_active: true, is_completed: false, status: "Active" });
    });

    it("reports a completed mailing", async () => {
      emulator.setMailing({ id: 17, type: "broadcast", isCompleted: true });
      const res = await callJson(emulator, "getStatus", { id: 17 });
      assert.deepEqual(res.envelope.data, { is_active: false, is_completed: true, status: "Completed" });
    });

    it("answers ERROR_CODES.notFound for an unknown mailing", async () => {
      const res = await callJson(emulator, "getStatus", { id: 999 });
      assert.equal(res.status, 200);
      assert.deepEqual(res.envelope, { data: null, error: ERROR_CODES.notFound, error_text: "Mailing 999 not found" });
    });
  });

  describe("campaigns/get", () => {
    it("returns the full info with the API's field names", async () => {
      const res = await callJson(emulator, "get", { id: 82 });
      assert.deepEqual(res.envelope.data, {
        id: 82,
        name: "Weather alert",
        description: "",
        type: "regular",
        updated_user: "emulator",
        update_time: new Date(clock.time).toISOString(),
        is_active: false,
        is_completed: false,
        status: "Inactive",
        data_id: 1,
        data_type: "list",
        content: [],
        resource_id: 1,
        channel: "email",
        subid: "",
        for_confirm: false,
      });
    });

    it("moves update_time on a state change", async () => {
      clock.advance(60_000);
      await callJson(emulator, "activate", { id: 82 });
      const res = await callJson(emulator, "get", { id: 82 });
      assert.equal((res.envelope.data as { update_time: string }).update_time, new Date(clock.time).toISOString());
    });
  });

  describe("campaigns/list", () => {
    it("lists every mailing ordered by id with total_count and next_from_id 0 on the last page", async () => {
      const res = await callJson(emulator, "list", {});
      const items = res.envelope.data as { id: number }[];
      assert.deepEqual(items.map((item) => item.id), [15, 82, 4727]);
      assert.equal(res.envelope["total_count"], 3);
      assert.equal(res.envelope["next_from_id"], 0);
      assert.deepEqual(items[1], {
        id: 82,
        name: "Weather alert",
        type: "regular",
        is_active: false,
        subid: "",
        for_confirm: false,
        ui_tags: ["alerts"],
        groups: [{ id: 1, name: "Marketing" }],
      });
    });

    it("pages with from_id and limit", async () => {
      const first = await callJson(emulator, "list", { limit: 2 });
      assert.deepEqual((first.envelope.data as { id: number }[]).map((i) => i.id), [15, 82]);
      assert.equal(first.envelope["next_from_id"], 4727);
      const second = await callJson(emulator, "list", { limit: 2, from_id: first.envelope["next_from_id"] });
      assert.deepEqual((second.envelope.data as { id: number }[]).map((i) => i.id), [4727]);
      assert.equal(second.envelope["next_from_id"], 0);
    });

    const filters: [string, Record<string, unknown>, number[]][] = [
      ["type", { type: "trigger" }, [15]],
      ["is_active", { is_active: true }, [4727]],
      ["ui_tags", { ui_tags: ["sales", "nothing"] }, [4727]],
      ["groups", { groups: ["Marketing"] }, [82]],
      ["groups_id", { groups_id: [2] }, [4727]],
    ];
    for (const [name, params, ids] of filters) {
      it(`filters by ${name}`, async () => {
        const res = await callJson(emulator, "list", params);
        assert.deepEqual((res.envelope.data as { id: number }[]).map((i) => i.id), ids);
        assert.equal(res.envelope["total_count"], ids.length);
      });
    }
  });

  describe("campaigns/log_v2", () => {
    it("shows start and end entries for each run, filtered by from_time and limited", async () => {
      await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "run-1" });
      clock.advance(3_600_000);
      const secondRun = new Date(clock.time).toISOString();
      await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "run-2" });

      const all = await callJson(emulator, "log", { id: 82 });
      const entries = all.envelope.data as { message: string; state: string; level: string; time: string }[];
      assert.equal(all.envelope["total_count"], 6);
      assert.deepEqual(entries.filter((e) => e.state !== "").map((e) => [e.message, e.state]), [
        ["Begin campaign", "start"],
        ["Campaign finished", "end"],
        ["Begin campaign", "start"],
        ["Campaign finished", "end"],
      ]);
      assert.ok(entries.every((e) => e.level === "INFO"));

      const recent = await callJson(emulator, "log", { id: 82, from_time: secondRun, limit: 1 });
      assert.equal(recent.envelope["total_count"], 3);
      assert.deepEqual(recent.envelope.data, [{ level: "INFO", message: "Begin campaign", state: "start", time: secondRun, value: "" }]);
    });

    it("is empty for a mailing that never ran", async () => {
      const res = await callJson(emulator, "log", { id: 15 });
      assert.deepEqual(res.envelope.data, []);
      assert.equal(res.envelope["total_count"], 0);
    });
  });

  describe("campaigns/clone", () => {
    it("creates an inactive copy under the next id with a default name", async () => {
      const res = await callJson(emulator, "clone", { id: 4727 });
      assert.deepEqual(res.envelope.data, { saved_id: 4728 });
      const copy = emulator.mailing(4728);
      assert.equal(copy?.name, "Clone of Spring sale");
      assert.equal(copy?.isActive, false);
      assert.equal(copy?.type, "broadcast");
      assert.deepEqual(copy?.uiTags, ["sales"]);
    });

    it("uses the given name", async () => {
      const res = await callJson(emulator, "clone", { id: 82, name: "Weather alert v2" });
      const savedId = (res.envelope.data as { saved_id: number }).saved_id;
      assert.equal(emulator.mailing(savedId)?.name, "Weather alert v2");
    });
  });

  describe("campaigns/delete", () => {
    it("removes the mailing; later calls answer not found", async () => {
      const res = await callJson(emulator, "delete", { id: 15 });
      assert.deepEqual(res.envelope, { data: null, error: 0, error_text: SUCCESS_TEXT });
      assert.equal(emulator.mailing(15), undefined);
      const status = await callJson(emulator, "getStatus", { id: 15 });
      assert.equal(status.envelope.error, ERROR_CODES.notFound);
    });

    it("never reuses a deleted id for a clone", async () => {
      await callJson(emulator, "delete", { id: 4727 });
      const res = await callJson(emulator, "clone", { id: 82 });
      assert.deepEqual(res.envelope.data, { saved_id: 4728 });
    });
  });

  describe("paths", () => {
    it("accepts both trailing-slash spellings and records the exact path", async () => {
      const withoutSlash = `${API_PREFIX}campaigns/activate`;
      const withSlash = `${endpointPath("getStatus")}/`;
      assert.equal((await callJson(emulator, "activate", { id: 82 }, { path: withoutSlash })).envelope.error, 0);
      assert.equal((await callJson(emulator, "getStatus", { id: 82 }, { path: withSlash })).envelope.error, 0);
      assert.deepEqual(
        emulator.requests.map((r) => [r.path, r.endpoint]),
        [
          [withoutSlash, "activate"],
          [withSlash, "getStatus"],
        ],
      );
    });
  });
});
