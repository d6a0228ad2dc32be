import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator, type SeedMailing } from "../../emulator";
import { runCli } from "../../cli/run";
import { parseMailingsYaml } from "../../program/mailings-file";
import { recordingIo } from "./cliIo";

const TOKEN = "cli-token-7d41a0c2";

/** 23 active mailings of mixed types and tags, plus inactive ones that must never be exported. */
function seed(): SeedMailing[] {
  const mailings: SeedMailing[] = [
    { id: 101, name: "Welcome series", type: "trigger", isActive: true, uiTags: ["onboarding"] },
    { id: 102, name: "Брошенная корзина", type: "trigger", isActive: true, uiTags: ["ecommerce"] },
    { id: 103, name: "Newsletter", type: "regular", isActive: true, uiTags: ["newsletter"] },
    { id: 104, name: "Newsletter", type: "regular", isActive: true, uiTags: ["newsletter", "weekly"] },
    { id: 105, name: "???", type: "broadcast", isActive: true },
    { id: 106, name: "Old promo", type: "broadcast", isActive: false, uiTags: ["newsletter"] },
    { id: 107, name: "Paused trigger", type: "trigger", isActive: false },
  ];
  for (let id = 200; id < 218; id++) mailings.push({ id, name: `Campaign ${id}`, type: "regular", isActive: true });
  return mailings;
}

describe("pulumi-altcraft export", () => {
  let emulator: Emulator;
  let dir: string;
  const env = () => ({ ALTCRAFT_BASE_URL: emulator.url, ALTCRAFT_TOKEN: TOKEN });

  before(async () => {
    emulator = await startEmulator({ tokens: [TOKEN], mailings: seed() });
  });

  after(async () => {
    await emulator?.close();
  });

  beforeEach(() => {
    emulator.reset();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "export-cli-"));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes mailings.yaml declaring every active mailing, without runNow, that the program's loader accepts", async () => {
    const io = recordingIo({ env: env(), cwd: dir });
    assert.equal(await runCli(["export"], io), 0, io.err());
    const text = fs.readFileSync(path.join(dir, "mailings.yaml"), "utf8");
    const { entries } = parseMailingsYaml(text, "mailings.yaml");
    assert.deepEqual(
      entries.map((e) => e.inputs.mailingId),
      [101, 102, 103, 104, 105, ...Array.from({ length: 18 }, (_, i) => 200 + i)],
    );
    assert.ok(entries.every((e) => Object.keys(e.inputs).join() === "mailingId"), "only mailingId: adopting launches nothing");
    assert.deepEqual(
      entries.slice(0, 6).map((e) => e.name),
      ["welcome-series", "broshennaya-korzina", "newsletter", "newsletter-104", "mailing-105", "campaign-200"],
    );
    assert.match(text, /^# Exported by `pulumi-altcraft export` from http:\/\/127\.0\.0\.1:\d+ at 2026-11-26T09:30:00\.000Z\n# \(active\): 23 mailings\./);
    assert.match(text, /# Adopting: .*\n# `pulumi up` only records them in the stack: nothing is launched/);
    assert.match(text, /  # "Брошенная корзина" \(trigger; tags: ecommerce\)\n  broshennaya-korzina:\n    mailingId: 102\n/);
    assert.ok(!text.includes(TOKEN));
    assert.deepEqual(
      emulator.executions.map((e) => e.endpoint),
      ["list"],
      "reads only: one page of the API's default size",
    );
    assert.equal(emulator.executions[0]?.params["is_active"], true);
    assert.equal(io.err(), "fetched 23 of 23 mailings…\nwrote mailings.yaml with 23 active mailings; review it, then `pulumi preview` to see them adopted\n");
  });

  it("prints a progress line per page while it pages through a large account", async () => {
    const io = recordingIo({ env: env(), cwd: dir });
    assert.equal(await runCli(["export", "--page-size", "10"], io), 0, io.err());
    assert.deepEqual(io.err().split("\n").filter((l) => l.startsWith("fetched")), [
      "fetched 10 of 23 mailings…",
      "fetched 20 of 23 mailings…",
      "fetched 23 of 23 mailings…",
    ]);
    assert.equal(emulator.executions.length, 3);
    assert.equal(parseMailingsYaml(fs.readFileSync(path.join(dir, "mailings.yaml"), "utf8"), "m").entries.length, 23);
  });

  it("filters by type and by tags (--tag repeats), and says so in the header", async () => {
    const io = recordingIo({ env: env(), cwd: dir });
    assert.equal(await runCli(["export", "--out", "-", "--type", "regular", "--tag", "newsletter", "--tag", "weekly"], io), 0, io.err());
    const { entries } = parseMailingsYaml(io.out(), "stdout");
    assert.deepEqual(entries.map((e) => e.inputs.mailingId), [103, 104]);
    assert.match(io.out(), /# \(active; type regular; tags newsletter, weekly\): 2 mailings\./);
    assert.deepEqual(emulator.executions[0]?.params, { is_active: true, type: "regular", ui_tags: ["newsletter", "weekly"] });
    assert.ok(!fs.existsSync(path.join(dir, "mailings.yaml")), "--out - writes nothing to disk");
  });

  it("writes a valid, empty file when no active mailing matches", async () => {
    const io = recordingIo({ env: env(), cwd: dir });
    assert.equal(await runCli(["export", "--out", "-", "--tag", "no-such-tag"], io), 0, io.err());
    assert.deepEqual(parseMailingsYaml(io.out(), "stdout").entries, []);
    assert.match(io.out(), /: 0 mailings\.\n[\s\S]*\nmailings: \{\}\n$/);
  });

  it("refuses to overwrite an existing file without --force, before calling the API", async () => {
    fs.writeFileSync(path.join(dir, "mailings.yaml"), "keep me\n");
    const io = recordingIo({ env: env(), cwd: dir });
    assert.equal(await runCli(["export"], io), 2);
    assert.match(io.err(), /mailings\.yaml exists; pass --force to overwrite it, or --out <path> to write elsewhere/);
    assert.equal(fs.readFileSync(path.join(dir, "mailings.yaml"), "utf8"), "keep me\n");
    assert.equal(emulator.requests.length, 0);

    const forced = recordingIo({ env: env(), cwd: dir });
    assert.equal(await runCli(["export", "--force", "--out", "mailings.yaml"], forced), 0, forced.err());
    assert.match(fs.readFileSync(path.join(dir, "mailings.yaml"), "utf8"), /^# Exported by/);
  });

  describe("the token", () => {
    it("is read from --token-file", async () => {
      fs.writeFileSync(path.join(dir, "token"), `${TOKEN}\n`);
      const io = recordingIo({ env: { ALTCRAFT_BASE_URL: emulator.url }, cwd: dir });
      assert.equal(await runCli(["export", "--token-file", "token", "--out", "-"], io), 0, io.err());
      assert.equal(parseMailingsYaml(io.out(), "stdout").entries.length, 23);
    });

    it("is read from standard input with --token-file -", async () => {
      const io = recordingIo({ env: {}, cwd: dir, stdin: `${TOKEN}\n` });
      assert.equal(await runCli(["export", "--base-url", emulator.url, "--token-file", "-", "--out", "-"], io), 0, io.err());
      assert.equal(parseMailingsYaml(io.out(), "stdout").entries.length, 23);
    });

    it("is refused as an argument, without repeating it", async () => {
      for (const argv of [["export", "--token", TOKEN], ["export", `--token=${TOKEN}`]]) {
        const io = recordingIo({ env: env(), cwd: dir });
        assert.equal(await runCli(argv, io), 2);
        assert.match(io.err(), /--token is not accepted: .* set ALTCRAFT_TOKEN or pass --token-file/);
        assert.ok(!io.err().includes(TOKEN));
      }
      assert.equal(emulator.requests.length, 0);
    });

    it("never appears in the output when the API refuses it (exit code 1, the client's message)", async () => {
      const wrong = "wrong-token-5c2e9b";
      const io = recordingIo({ env: { ALTCRAFT_BASE_URL: emulator.url, ALTCRAFT_TOKEN: wrong }, cwd: dir });
      assert.equal(await runCli(["export"], io), 1);
      assert.match(io.err(), /^pulumi-altcraft export: campaigns\/list: 403 Access denied/m);
      assert.ok(!io.err().includes(wrong) && !io.out().includes(wrong));
      assert.ok(!fs.existsSync(path.join(dir, "mailings.yaml")), "nothing is written when the listing fails");
    });

    it("is required", async () => {
      const io = recordingIo({ env: { ALTCRAFT_BASE_URL: emulator.url }, cwd: dir });
      assert.equal(await runCli(["export"], io), 2);
      assert.match(io.err(), /no API token: set ALTCRAFT_TOKEN, or pass --token-file <path>/);
    });
  });

  describe("usage errors exit with 2 and name the option", () => {
    const cases: { argv: string[]; env?: Record<string, string>; message: RegExp }[] = [
      { argv: ["export", "--type", "newsletter"], message: /--type must be one of broadcast, regular, trigger, splittest; got "newsletter"/ },
      { argv: ["export", "--page-size", "0"], message: /--page-size must be a whole number of mailings, at least 1; got "0"/ },
      { argv: ["export", "--colour"], message: /Unknown option '--colour'/ },
      { argv: ["export", "extra"], message: /Unexpected argument 'extra'/ },
      { argv: ["export"], env: { ALTCRAFT_TOKEN: TOKEN }, message: /no Altcraft base URL: pass --base-url https:\/\/<your Altcraft host> or set ALTCRAFT_BASE_URL/ },
      { argv: ["export", "--base-url", "ftp://example.com"], env: { ALTCRAFT_TOKEN: TOKEN }, message: /baseUrl must use https:\/\// },
      { argv: ["export", "--token-file", "missing"], env: { ALTCRAFT_BASE_URL: "https://example.com" }, message: /--token-file missing cannot be read \(ENOENT\)/ },
      { argv: ["frobnicate"], message: /unknown command "frobnicate"; the commands are: export, emulator/ },
      { argv: [], message: /a command is required/ },
    ];
    for (const testCase of cases) {
      it(`${testCase.argv.join(" ") || "(no command)"}`, async () => {
        const io = recordingIo({ env: testCase.env ?? {}, cwd: dir });
        assert.equal(await runCli(testCase.argv, io), 2);
        assert.match(io.err(), testCase.message);
        assert.equal(emulator.requests.length, 0);
      });
    }
  });

  it("--help describes the options and exits 0", async () => {
    const io = recordingIo();
    assert.equal(await runCli(["export", "--help"], io), 0);
    for (const option of ["--base-url", "--token-file", "--out", "--force", "--type", "--tag", "--page-size"]) assert.ok(io.out().includes(option), option);
    const main = recordingIo();
    assert.equal(await runCli(["--help"], main), 0);
    assert.match(main.out(), /export +Write a mailings\.yaml/);
  });
});
