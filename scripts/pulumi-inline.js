#!/usr/bin/env node
/**
 * `pulumi <args>` for a Node.js project when no Node.js language host (`pulumi-language-nodejs`) is installed:
 *
 *   node scripts/pulumi-inline.js preview --stack dev --diff      (in the folder of the project's Pulumi.yaml)
 *
 * The CLI built by scripts/pulumi-cli.sh has no language host (its Go module is not served by the module proxy: see
 * scripts/pulumi-cli/README.md). This runs the project's `main` the way the Automation API runs an inline program: this
 * process serves Pulumi's own `LanguageServer` (`@pulumi/pulumi/automation/server`) and the real `pulumi` is started
 * with `--client=<that address> --exec-kind auto.inline` (automation/stack.ts, `up`/`preview`/`refresh`/`destroy`),
 * so the engine, the steps, the output and the state are the CLI's own. Every argument goes to `pulumi` unchanged;
 * its output and exit code are this command's. Commands that run no program (`stack`, `config`, `state`, `cancel`, …)
 * go to `pulumi` directly.
 *
 * What differs from `main` under a language host: the program runs in this process (one run per process), TypeScript
 * through ts-node with the tsconfig.json beside `main` (else the project's), type-checked unless
 * PULUMI_NODEJS_TRANSPILE_ONLY=true, as `@pulumi/pulumi/cmd/run` does.
 */
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

/** The commands that run the program (the Automation API passes `--client` to exactly these). */
const PROGRAM_COMMANDS = new Set(["preview", "up", "update", "refresh", "destroy"]);

function main(argv) {
  const projectDir = process.cwd();
  const command = argv.find((arg) => !arg.startsWith("-"));
  if (!PROGRAM_COMMANDS.has(command)) return runPulumi(argv);

  const fromProject = (id) => require.resolve(id, { paths: [projectDir] });
  const pulumiRoot = path.dirname(fromProject("@pulumi/pulumi/package.json"));
  const fromPulumi = (id) => require(require.resolve(id, { paths: [pulumiRoot] }));
  const grpc = fromPulumi("@grpc/grpc-js");
  const { LanguageServer } = require(path.join(pulumiRoot, "automation", "server.js"));
  const languageGrpc = require(path.join(pulumiRoot, "proto", "language_grpc_pb.js"));

  const entry = programEntry(projectDir);
  let typeScript = false;
  const program = async () => {
    if (/\.tsx?$/.test(entry) && !typeScript) {
      registerTypeScript(projectDir, entry, fromProject);
      typeScript = true;
    }
    // `pulumi up` runs the program twice in this process (its preview, then the update), as a language host runs
    // `main` in a new process each time: the program's own modules must run again, so they leave the cache. Packages
    // (node_modules) stay loaded, like the SDK whose runtime LanguageServer resets for each run.
    for (const file of Object.keys(require.cache)) {
      if (!file.split(path.sep).includes("node_modules")) delete require.cache[file];
    }
    return require(entry);
  };
  const languageServer = new LanguageServer(program);
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(languageGrpc.LanguageRuntimeService, languageServer);
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
      process.stderr.write(`pulumi-inline: could not serve the program: ${error.message}\n`);
      process.exit(1);
    }
    runPulumi([...argv, `--client=127.0.0.1:${port}`, "--exec-kind", "auto.inline"], (code) => {
      languageServer.onPulumiExit(code !== 0);
      server.forceShutdown();
    });
  });
}

/** The program file of the project's Pulumi.yaml: `main` (a file, or a folder with index.ts/index.js), else the folder. */
function programEntry(projectDir) {
  const yaml = require(require.resolve("yaml", { paths: [projectDir, __dirname] }));
  const settingsFile = ["Pulumi.yaml", "Pulumi.yml"].map((name) => path.join(projectDir, name)).find((file) => fs.existsSync(file));
  if (!settingsFile) throw new Error(`pulumi-inline: no Pulumi.yaml in ${projectDir}`);
  const settings = yaml.parse(fs.readFileSync(settingsFile, "utf8")) ?? {};
  const main = path.resolve(projectDir, typeof settings.main === "string" ? settings.main : ".");
  if (fs.statSync(main).isFile()) return main;
  const index = ["index.ts", "index.js"].map((name) => path.join(main, name)).find((file) => fs.existsSync(file));
  if (!index) throw new Error(`pulumi-inline: no index.ts or index.js in ${main}`);
  return index;
}

/** ts-node as `@pulumi/pulumi/cmd/run` registers it: the tsconfig beside the program, else the project's. */
function registerTypeScript(projectDir, entry, fromProject) {
  const tsconfig = [path.dirname(entry), projectDir].map((dir) => path.join(dir, "tsconfig.json")).find((file) => fs.existsSync(file));
  require(fromProject("ts-node")).register({
    transpileOnly: process.env.PULUMI_NODEJS_TRANSPILE_ONLY === "true",
    ...(tsconfig ? { project: tsconfig } : { skipProject: true, compilerOptions: { module: "commonjs", target: "ES2022" } }),
  });
}

/** Runs the real `pulumi` (the first on PATH) with this terminal; exits with its code. */
function runPulumi(args, beforeExit = () => undefined) {
  const child = spawn("pulumi", args, { stdio: "inherit" });
  const forward = (signal) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("error", (error) => {
    process.stderr.write(`pulumi-inline: could not start pulumi: ${error.message}\n`);
    process.exit(1);
  });
  child.on("close", (code, signal) => {
    beforeExit(code);
    process.exit(code ?? (signal ? 128 + 9 : 1));
  });
}

main(process.argv.slice(2));
