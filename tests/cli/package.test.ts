import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCommand, type CommandResult } from "../support/run-command";
import { startEmulatorCommand } from "../support/emulator-command";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const PKG = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { name: string; version: string; bin: Record<string, string> };
/** The installed command, as npm links it. */
const BIN_NAME = "pulumi-altcraft";
/** Node first on PATH, so the bin's `#!/usr/bin/env node` runs the Node that runs the tests. */
const PATH_ENV = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`;

interface PackResult {
  filename: string;
  files: { path: string }[];
}

/** Relative link targets of a Markdown text (no URLs, no in-page anchors), without their `#fragment`. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? "")
    .filter((link) => link !== "" && !/^[a-z][a-z0-9+.-]*:/i.test(link) && !link.startsWith("#"))
    .map((link) => link.split("#")[0] ?? "");
}

/** Runs a command from `cwd` with only PATH and a HOME, and collects its output. */
function run(file: string, args: string[], cwd: string): Promise<CommandResult> {
  return runCommand(file, args, { cwd, env: { PATH: PATH_ENV, HOME: os.tmpdir() } });
}

/**
 * The package as `npm pack` ships it (built dist/ required: `npm run build`), installed into a fresh project the way
 * npm installs a tarball: extracted to node_modules/pulumi-altcraft, its bin linked into node_modules/.bin, and the
 * dependencies (symlinked from this checkout, there is no registry here) next to it.
 */
describe("the package as shipped (npm pack, installed into a new project)", function () {
  this.timeout(120_000);
  let work: string;
  let project: string;
  let pack: PackResult;
  let installed: string;
  let bin: string;
  /** Every path the tarball ships. */
  const paths = (): Set<string> => new Set(pack.files.map((f) => f.path));

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "altcraft-pack-"));
    // --ignore-scripts: `prepare` would rebuild dist/ and relink this checkout; the suite builds dist/ before it runs.
    const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, PATH: PATH_ENV },
    });
    pack = (JSON.parse(out) as PackResult[])[0] as PackResult;

    project = path.join(work, "user-project");
    const modules = path.join(project, "node_modules");
    fs.mkdirSync(modules, { recursive: true });
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-mailings", private: true }));
    execFileSync("tar", ["-xzf", path.join(work, pack.filename), "-C", modules]);
    installed = path.join(modules, PKG.name);
    fs.renameSync(path.join(modules, "package"), installed);
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, "node_modules"))) {
      if (entry === PKG.name || entry.startsWith(".")) continue;
      fs.symlinkSync(path.join(REPO_ROOT, "node_modules", entry), path.join(modules, entry));
    }
    fs.mkdirSync(path.join(modules, ".bin"));
    bin = path.join(modules, ".bin", BIN_NAME);
    const target = path.join(installed, PKG.bin[BIN_NAME] ?? "missing");
    fs.chmodSync(target, 0o755);
    fs.symlinkSync(path.relative(path.dirname(bin), target), bin);
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  describe("the tarball", () => {

    it("ships LICENSE with the full Apache License 2.0 text", () => {
      assert.ok(paths().has("LICENSE"));
      const text = fs.readFileSync(path.join(installed, "LICENSE"), "utf8");
      assert.match(text, /Apache License\s+Version 2\.0, January 2004/);
      assert.match(text, /TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION/);
      assert.match(text, /END OF TERMS AND CONDITIONS/);
      assert.ok(text.split("\n").length > 170, "the full text, not a notice");
    });

    it("ships the emulator seed examples, valid JSON with mailings", () => {
      for (const seed of ["emulator/seed.example.json", "examples/emulator-seed.json"]) {
        assert.ok(paths().has(seed), seed);
        const parsed = JSON.parse(fs.readFileSync(path.join(installed, seed), "utf8")) as { mailings?: unknown[] };
        assert.ok(Array.isArray(parsed.mailings) && parsed.mailings.length > 0, seed);
      }
    });

    it("ships every file its Markdown links to (README, docs, examples)", () => {
      const shipped = paths();
      const markdown = [...shipped].filter((p) => p.endsWith(".md"));
      assert.ok(markdown.includes("README.md") && markdown.some((p) => p.startsWith("docs/")));
      const missing: string[] = [];
      for (const file of markdown) {
        for (const link of relativeLinks(fs.readFileSync(path.join(installed, file), "utf8"))) {
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), link)).replace(/\/$/, "");
          const found = shipped.has(target) || [...shipped].some((p) => p.startsWith(`${target}/`));
          if (!found) missing.push(`${file} → ${link}`);
        }
      }
      assert.deepEqual(missing, []);
    });

    it("ships the built code and its bin, and none of the test harness, benchmarks or sources of the library", () => {
      const shipped = [...paths()];
      for (const needed of ["package.json", "README.md", "dist/index.js", "dist/index.d.ts", PKG.bin[BIN_NAME] ?? "bin"]) {
        assert.ok(shipped.includes(needed), needed);
      }
      const unwanted = shipped.filter((p) => /^(tests|bench|scripts|sdk|cli|provider|node_modules)\//.test(p) || /(^|\/)node_modules\//.test(p) || p.endsWith(".tmp") || p.endsWith(".tgz"));
      assert.deepEqual(unwanted, []);
    });
  });

  describe("the installed command", () => {
    it("./node_modules/.bin/pulumi-altcraft --version prints the package version", async () => {
      const result = await run(bin, ["--version"], project);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, `pulumi-altcraft ${PKG.version}\n`);
    });

    it("npm exec --no -- pulumi-altcraft --help runs the installed command, and its help names it", async () => {
      const result = await run("npm", ["exec", "--no", "--", BIN_NAME, "--help"], project);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^Usage: pulumi-altcraft <command>/);
      assert.match(result.stdout, /npm exec --no -- pulumi-altcraft/);
      assert.doesNotMatch(result.stdout, /\bnpx\b/);
    });

    it("no shipped page tells users to run a bare npx or to install the package by its name", () => {
      // The package is not on the npm registry: either would fetch whatever someone publishes under the name.
      const pages = [...paths()].filter((p) => p.endsWith(".md")).sort();
      assert.ok(pages.length > 5, `the tarball ships its pages: ${pages.join(", ")}`);
      const offending = pages.flatMap((page) =>
        fs
          .readFileSync(path.join(installed, page), "utf8")
          .split("\n")
          .filter((l) => /\bnpx pulumi-altcraft\b|\bnpm (install|i|add)\b[^\n]*\spulumi-altcraft(@[^\s`]*)?(\s|`|$)/.test(l))
          .map((l) => `${page}: ${l.trim()}`),
      );
      assert.deepEqual(offending, [], "use `npm exec --no -- pulumi-altcraft` or `./node_modules/.bin/pulumi-altcraft`, and install from a git URL or a tarball");
    });

    it("the README's \"in your CI\" emulator command runs from the project with the shipped seed", async () => {
      const readme = fs.readFileSync(path.join(installed, "README.md"), "utf8");
      const line = readme.split("\n").find((l) => /in your CI/i.test(l) && /pulumi-altcraft\s+emulator/.test(l));
      assert.ok(line, "the README has an emulator command marked `# in your CI`");
      const command = line
        .replace(/^\s*\$\s*/, "")
        .replace(/\s+#.*$/, "")
        .replace(/\s*&\s*$/, "")
        .trim();
      const args = command.split(/\s+/);
      const start = args.indexOf("emulator");
      // `npx pulumi-altcraft` is refused by the test above; whichever prefix the README uses, the installed bin runs here.
      assert.ok(start > 0 && args[start - 1] === BIN_NAME, command);
      const emulatorArgs = args.slice(start + 1);
      const portAt = emulatorArgs.indexOf("--port");
      if (portAt >= 0) emulatorArgs[portAt + 1] = "0";
      else emulatorArgs.push("--port", "0");
      const token = emulatorArgs[emulatorArgs.indexOf("--token") + 1];
      const seedFile = emulatorArgs[emulatorArgs.indexOf("--seed") + 1] ?? "";
      assert.ok(token && seedFile, command);
      assert.ok(
        fs.existsSync(path.resolve(project, seedFile)),
        `the seed ${seedFile} of the README's CI command does not exist in a user's project; e.g. node_modules/${PKG.name}/emulator/seed.example.json`,
      );
      const seed = JSON.parse(fs.readFileSync(path.resolve(project, seedFile), "utf8")) as { mailings: { id: number }[] };

      const emulator = await startEmulatorCommand(bin, ["emulator", ...emulatorArgs], { cwd: project, env: { PATH: PATH_ENV } }, 30_000);
      let code: number | null;
      try {
        const response = await fetch(`${emulator.url}/api/v1.1/campaigns/get_status`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ token, id: seed.mailings[0]?.id }),
        });
        const envelope = (await response.json()) as { error: number; data: unknown };
        assert.equal(envelope.error, 0, JSON.stringify(envelope));
      } finally {
        code = await emulator.stop("SIGTERM");
      }
      assert.equal(code, 0, emulator.output());
      assert.ok(!emulator.output().includes(token), "the token is not printed");
    });
  });
});
