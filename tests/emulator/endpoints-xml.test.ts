import { strict as assert } from "node:assert";
import { ERROR_CODES } from "../../sdk/codes";
import type { Emulator } from "../../emulator";
import { callXml, startSeeded } from "./helpers";

describe("emulator endpoints (XML)", () => {
  let emulator: Emulator;
  beforeEach(async () => ({ emulator } = await startSeeded()));
  afterEach(() => emulator.close());

  it("activate/: answers the docs' XML envelope for the canonical XML request", async () => {
    const res = await callXml(emulator, "activate", { id: 82, override_source_id: 1, override_source_type: "list", run_now: true });
    // The seed's response example, byte for byte: one element per line, no indentation, no declaration.
    assert.equal(res.text, "<xml>\n<data/>\n<error>0</error>\n<error_text>Successful operation</error_text>\n</xml>");
    assert.match(String(res.headers["content-type"]), /^application\/xml/);
    assert.deepEqual(emulator.launches(82)[0]?.runParams, { override_source_type: "list", override_source_id: 1 });
    assert.equal(emulator.requests[0]?.format, "xml");
    assert.deepEqual(emulator.requests[0]?.body, { id: "82", override_source_id: "1", override_source_type: "list", run_now: "true" });
  });

  it("activate/: nested content and repeated attach elements arrive as an object and an array", async () => {
    await callXml(emulator, "activate", { id: 82, run_now: true, content: { H1: "Alert" }, attach: [{ file: "f1" }, { file: "f2" }] });
    assert.deepEqual(emulator.launches(82)[0]?.runParams, { content: { H1: "Alert" }, attach: [{ file: "f1" }, { file: "f2" }] });
  });

  it("deactivate: switches off", async () => {
    const res = await callXml(emulator, "deactivate", { id: 4727, abort_if_running: false });
    assert.equal(res.doc["error"], "0");
    assert.equal(emulator.mailing(4727)?.isActive, false);
  });

  it("get_status: data children carry the flags", async () => {
    const res = await callXml(emulator, "getStatus", { id: 4727 });
    assert.deepEqual(res.doc["data"], { is_active: "true", is_completed: "false", status: "Active" });
  });

  it("get: data holds the info fields", async () => {
    const res = await callXml(emulator, "get", { id: 82 });
    const data = res.doc["data"] as Record<string, unknown>;
    assert.equal(data["name"], "Weather alert");
    assert.equal(data["type"], "regular");
    assert.equal(data["channel"], "email");
  });

  it("list: repeats <data> once per item and adds total_count and next_from_id", async () => {
    const res = await callXml(emulator, "list", { limit: 2, ui_tags: "alerts" });
    // A single <ui_tags> element is a one-item list in XML.
    assert.deepEqual(res.doc["data"], {
      id: "82",
      name: "Weather alert",
      type: "regular",
      is_active: "false",
      subid: "",
      for_confirm: "false",
      ui_tags: "alerts",
      groups: { id: "1", name: "Marketing" },
    });
    assert.equal(res.doc["total_count"], "1");
    assert.equal(res.doc["next_from_id"], "0");

    const page = await callXml(emulator, "list", { limit: 2 });
    assert.equal((page.doc["data"] as unknown[]).length, 2);
    assert.equal(page.doc["next_from_id"], "4727");
  });

  it("list: an empty result is a single empty <data/>", async () => {
    const res = await callXml(emulator, "list", { type: "splittest" });
    assert.match(res.text, /^<xml>\n<data\/>\n<error>0<\/error>\n/);
    assert.equal(res.doc["total_count"], "0");
  });

  it("log_v2: run entries as repeated <data>", async () => {
    await callXml(emulator, "activate", { id: 82, run_now: true });
    const res = await callXml(emulator, "log", { id: 82 });
    const entries = res.doc["data"] as Record<string, string>[];
    assert.deepEqual(entries.map((e) => e["state"]), ["start", "end", ""]);
    assert.equal(res.doc["total_count"], "3");
  });

  it("clone: data/saved_id", async () => {
    const res = await callXml(emulator, "clone", { id: 82, name: "Copy" });
    assert.deepEqual(res.doc["data"], { saved_id: "4728" });
    assert.equal(emulator.mailing(4728)?.name, "Copy");
  });

  it("delete: data null", async () => {
    const res = await callXml(emulator, "delete", { id: 82 });
    assert.equal(res.doc["data"], "");
    assert.equal(emulator.mailing(82), undefined);
  });

  it("errors come back as XML envelopes", async () => {
    const res = await callXml(emulator, "getStatus", { id: 999 });
    assert.equal(res.status, 200);
    assert.deepEqual(res.doc, { data: "", error: String(ERROR_CODES.notFound), error_text: "Mailing 999 not found" });
  });
});
