#!/usr/bin/env node
/** The `pulumi-altcraft` command (`npm exec --no -- pulumi-altcraft export` in a project that installed it; `npm run export` here). */
import { processIo } from "./io";
import { runCli } from "./run";

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // runCli turns every expected failure into an exit code; this is a bug, reported without details that could hold data.
    process.stderr.write(`pulumi-altcraft: unexpected ${error instanceof Error ? error.name : "error"}; please report it\n`);
    process.exitCode = 1;
  },
);
