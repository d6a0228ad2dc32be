import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { DEFAULT_MAX_PAGES } from "../../cli/collect";
import { parseExportArgs } from "../../cli/export-args";
import { EXPORT_HELP } from "../../cli/help";
import { runCli } from "../../cli/run";
import { parseMailingsYaml } from "../../program/mailings-file";
import { jsonEnvelope, startScriptedServer, type RecordedRequest, type Reply, type ScriptedServer } from "../sdk/support/scripted-server";
import { recordingIo } from "./cliIo";

const TOKEN = "export-safety-token-4c1d";

/** A `campaigns/list` page of active mailings. */
function page(items: { id: number; name?: string; uiTags?: string[] }[], nextFromId?: number): Reply {
  const data = items.map((m) => ({ id: m.id, name: m.name ?? `Mailing ${m.id}`, is_active: true, ...(m.uiTags ? { ui_tags: m.uiTags } : {}) }));
  return jsonEnvelope(data, 0, "Successful operation", nextFromId === undefined ? {} : { next_from_id: nextFromId });
}

/** Pages that never end: each names the next id, so next_from_id keeps advancing. */
const endless: Reply = (request: RecordedRequest) => {
  const from = (JSON.parse(request.body) as { from_id?: number }).from_id ?? 1;
  return page([{ id: from }], from + 1);
};

function tmpFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.endsWith(".tmp"));
}

describe("pulumi-altcraft export: the output file, paging and messages", function () {
  this.timeout(60_000);
  let server: ScriptedServer;
  let dir: string;
  const env = () => ({ ALTCRAFT_BASE_URL: server.baseUrl, ALTCRAFT_TOKEN: TOKEN });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "export-safety-"));
  });

  afterEach(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("--out is checked before any API call (exit 2)", () => {
    it("a folder that does not exist", async () => {
      server = await startScriptedServer([page([{ id: 1 }])]);
      const io = recordingIo({ env: env(), cwd: dir });
      assert.equal(await runCli(["export", "--out", "missing/mailings.yaml"], io), 2);
      assert.match(io.err(), /--out missing\/mailings\.yaml: the folder .*missing does not exist/);
      assert.doesNotMatch(io.err(), /\.tmp/);
      assert.equal(server.requests.length, 0);
    });

    it("a parent that is a file", async () => {
      server = await startScriptedServer([page([{ id: 1 }])]);
      fs.writeFileSync(path.join(dir, "plain"), "x");
      const io = recordingIo({ env: env(), cwd: dir });
      assert.equal(await runCli(["export", "--out", "plain/mailings.yaml"], io), 2);
      assert.match(io.err(), /is not a folder/);
      assert.equal(server.requests.length, 0);
    });

    it("a folder that is not writable", async () => {
      server = await startScriptedServer([page([{ id: 1 }])]);
      // Root may write into any folder whatever its mode, but not into /proc/self (procfs refuses even root), so
      // that is the unwritable folder when the tests run as root; otherwise a folder of mode 0555.
      const locked = process.getuid?.() === 0 ? "/proc/self" : path.join(dir, "locked");
      if (locked !== "/proc/self") fs.mkdirSync(locked, { mode: 0o555 });
      const io = recordingIo({ env: env(), cwd: dir });
      assert.equal(await runCli(["export", "--out", path.join(locked, "m.yaml")], io), 2);
      assert.match(io.err(), new RegExp(`the folder ${locked.replace(/[/\\]/g, ".")} is not writable`));
      assert.equal(server.requests.length, 0);
    });

    for (const force of [false, true]) {
      it(`a folder as --out${force ? " with --force" : ""}: refused cleanly, no .tmp left`, async () => {
        server = await startScriptedServer([page([{ id: 1 }])]);
        fs.mkdirSync(path.join(dir, "target"));
        const io = recordingIo({ env: env(), cwd: dir });
        assert.equal(await runCli(["export", "--out", "target", ...(force ? ["--force"] : [])], io), 2);
        assert.match(io.err(), /--out target is a folder; give a file path/);
        assert.deepEqual(tmpFiles(dir), []);
        assert.deepEqual(fs.readdirSync(path.join(dir, "target")), []);
        assert.equal(server.requests.length, 0);
      });
    }
  });

  describe("a file that appears while paging", () => {
    const appearOnPage2 = (file: string): Reply[] => [
      page([{ id: 1 }], 2),
      () => {
        fs.writeFileSync(file, "the user's own file\n");
        return page([{ id: 2 }]);
      },
    ];

    it("is left as it is without --force (exit 2, no .tmp)", async () => {
      const file = path.join(dir, "mailings.yaml");
      server = await startScriptedServer(appearOnPage2(file));
      const io = recordingIo({ env: env(), cwd: dir });
      assert.equal(await runCli(["export", "--page-size", "1"], io), 2);
      assert.match(io.err(), /mailings\.yaml appeared while the export ran and was left as it is; pass --force/);
      assert.equal(fs.readFileSync(file, "utf8"), "the user's own file\n");
      assert.deepEqual(tmpFiles(dir), []);
      assert.equal(server.requests.length, 2);
    });

    it("is replaced with --force", async () => {
      const file = path.join(dir, "mailings.yaml");
      server = await startScriptedServer(appearOnPage2(file));
      const io = recordingIo({ env: env(), cwd: dir });
      assert.equal(await runCli(["export", "--page-size", "1", "--force"], io), 0, io.err());
      assert.deepEqual(parseMailingsYaml(fs.readFileSync(file, "utf8"), "m").entries.map((e) => e.inputs.mailingId), [1, 2]);
      assert.deepEqual(tmpFiles(dir), []);
    });
  });

  it("declares each id once when pages overlap, and says so", async () => {
    server = await startScriptedServer([page([{ id: 1 }, { id: 2 }, { id: 3 }], 3), page([{ id: 3 }, { id: 4 }], 4), page([{ id: 4 }])]);
    const io = recordingIo({ env: env(), cwd: dir });
    assert.equal(await runCli(["export", "--out", "-"], io), 0, io.err());
    assert.deepEqual(parseMailingsYaml(io.out(), "stdout").entries.map((e) => e.inputs.mailingId), [1, 2, 3, 4]);
    assert.match(io.err(), /warning: the server listed 2 mailings twice \(overlapping pages\); each is declared once/);
  });

  it("stops after --max-pages with a clear error when next_from_id never ends (exit 1, nothing written)", async () => {
    server = await startScriptedServer([], endless);
    const io = recordingIo({ env: env(), cwd: dir });
    assert.equal(await runCli(["export", "--max-pages", "5"], io), 1);
    assert.match(io.err(), /stopped after 5 pages \(5 mailings\) and the server still announced more \(next_from_id 7\); .*--max-pages or --page-size; nothing was written/);
    assert.equal(server.requests.length, 6);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it(`stops by default after ${DEFAULT_MAX_PAGES} pages`, async () => {
    server = await startScriptedServer([], endless);
    const io = recordingIo({ env: env(), cwd: dir });
    assert.equal(await runCli(["export", "--out", "-"], io), 1);
    assert.match(io.err(), new RegExp(`stopped after ${DEFAULT_MAX_PAGES} pages`));
    assert.equal(server.requests.length, DEFAULT_MAX_PAGES + 1);
    assert.equal(io.out(), "");
  });

  it("warns when nothing matched, and still writes a valid empty file", async () => {
    server = await startScriptedServer([jsonEnvelope([], 0, "Successful operation")]);
    const io = recordingIo({ env: env(), cwd: dir });
    assert.equal(await runCli(["export"], io), 0, io.err());
    assert.match(io.err(), /^warning: no active mailing matched; the file declares none/m);
    assert.deepEqual(parseMailingsYaml(fs.readFileSync(path.join(dir, "mailings.yaml"), "utf8"), "m").entries, []);
  });

  it("strips every YAML 1.1 and 1.2 line break from the comments it writes", async () => {
    const breaks = ["\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\u000b", "\u000c", "\u009f", "\ufeff"];
    const injected = (b: string) => `Sale${b}injected-${breaks.indexOf(b)}:${b}  mailingId: 999`;
    server = await startScriptedServer([page(breaks.map((b, i) => ({ id: 10 + i, name: injected(b), uiTags: [`tag${b}evil: 1`] })))]);
    const io = recordingIo({ env: env(), cwd: dir });
    assert.equal(await runCli(["export", "--out", "-", "--tag", "a\u0085b: 2"], io), 0, io.err());
    const text = io.out();
    assert.doesNotMatch(text, /[\r\u0085\u2028\u2029\u000b\u000c\u0080-\u009f\ufeff]/);
    const ids = breaks.map((_, i) => 10 + i);
    assert.deepEqual(parseMailingsYaml(text, "stdout").entries.map((e) => e.inputs.mailingId), ids);
    for (const version of ["1.1", "1.2"] as const) {
      const doc = parseYaml(text, { version }) as { mailings: Record<string, { mailingId: number }> };
      assert.deepEqual(Object.keys(doc), ["mailings"], `YAML ${version}`);
      assert.deepEqual(Object.values(doc.mailings).map((m) => m.mailingId), ids, `YAML ${version}`);
    }
  });

  describe("advice names only flags the command has", () => {
    const flags = (text: string) => [...text.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]);
    // The flags of the help's option list (not the `npm exec --no --` of its example).
    const known = new Set(flags(EXPORT_HELP.split("\n").filter((line) => /^\s+(-\w, )?--/.test(line)).join("\n")));

    it("every flag the help names is accepted", () => {
      for (const flag of known) {
        const takesValue = new RegExp(`${flag} <`).test(EXPORT_HELP);
        assert.doesNotThrow(() => parseExportArgs(takesValue ? [flag, flag === "--type" ? "regular" : "3"] : [flag]), flag);
      }
    });

    it("plain http to a remote host points at --allow-insecure-http, which is accepted", async () => {
      server = await startScriptedServer();
      const io = recordingIo({ env: { ALTCRAFT_TOKEN: TOKEN }, cwd: dir });
      assert.equal(await runCli(["export", "--base-url", "http://altcraft.invalid", "--out", "-"], io), 2);
      assert.match(io.err(), /pass --allow-insecure-http/);
      assert.doesNotMatch(io.err(), /allowInsecureHttp/);
      for (const flag of flags(io.err())) assert.ok(known.has(flag), `${flag} is not an export flag`);
      const allowed = recordingIo({ env: { ALTCRAFT_TOKEN: TOKEN }, cwd: dir });
      const code = await runCli(["export", "--base-url", "http://altcraft.invalid", "--allow-insecure-http", "--out", "-"], allowed);
      assert.equal(code, 1, "accepted: it got as far as the network");
      assert.match(allowed.err(), /connection failed/);
    });

    it("a 401 points at ALTCRAFT_TOKEN and --token-file, not a client option", async () => {
      server = await startScriptedServer([jsonEnvelope(null, 401, "Unauthorized")]);
      const io = recordingIo({ env: env(), cwd: dir });
      assert.equal(await runCli(["export", "--out", "-"], io), 1);
      assert.match(io.err(), /set ALTCRAFT_TOKEN or pass --token-file <path>/);
      assert.doesNotMatch(io.err(), /`token` option/);
      for (const flag of flags(io.err())) assert.ok(known.has(flag), `${flag} is not an export flag`);
    });

    it("credentials in --base-url are refused without being shown", async () => {
      server = await startScriptedServer();
      const io = recordingIo({ env: { ALTCRAFT_TOKEN: TOKEN }, cwd: dir });
      assert.equal(await runCli(["export", "--base-url", "https://me:pa55word-x@ru.altkraft.com", "--out", "-"], io), 2);
      assert.match(io.err(), /must not contain credentials; pass the token through ALTCRAFT_TOKEN or --token-file <path>/);
      assert.doesNotMatch(io.err(), /pa55word/);
    });
  });
});
