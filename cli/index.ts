#!/usr/bin/env node
/** The `pulumi-altcraft` command (`npx pulumi-altcraft export`, `npm run export`). */
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
