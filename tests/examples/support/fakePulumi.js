/**
 * A stand-in for the `pulumi` CLI, for the demo's tests (the real CLI cannot be installed here). Each call appends
 * one JSON line to $FAKE_PULUMI_RECORD: argv, cwd, the backend settings it was given (never the passphrase itself),
 * what came on stdin, and, for deployment commands, the mailings file the stack points at and the answer of the
 * emulator at the configured baseUrl to `campaigns/get` of the first seeded mailing. Exits 0, or 1 for the command
 * named by $FAKE_PULUMI_FAIL_ON.
 */
"use strict";
const fs = require("node:fs");

const DEPLOYMENT_COMMANDS = new Set(["preview", "up", "refresh", "destroy"]);

function previousRecords(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

/** The value a previous `config set <key> <value>` gave, or what came on stdin for `config set --secret <key>`. */
function configValue(records, key) {
  let value;
  for (const record of records) {
    const [command, sub, ...rest] = record.argv;
    if (command !== "config" || sub !== "set") continue;
    const positional = rest.filter((arg, i) => !arg.startsWith("--") && rest[i - 1] !== "--stack");
    if (positional[0] !== key) continue;
    value = positional.length > 1 ? positional[1] : record.stdin;
  }
  return value;
}

async function main() {
  const recordFile = process.env.FAKE_PULUMI_RECORD;
  if (!recordFile) throw new Error("FAKE_PULUMI_RECORD is not set");
  const argv = process.argv.slice(2);
  let stdin = "";
  try {
    stdin = fs.readFileSync(0, "utf8");
  } catch {
    // no stdin
  }
  const backend = process.env.PULUMI_BACKEND_URL;
  const record = {
    argv,
    cwd: process.cwd(),
    backendUrl: backend,
    backendDirExists: typeof backend === "string" && backend.startsWith("file://") && fs.existsSync(backend.slice("file://".length)),
    passphraseSet: (process.env.PULUMI_CONFIG_PASSPHRASE ?? "") !== "",
    altcraftEnv: Object.keys(process.env).filter((key) => key.startsWith("ALTCRAFT_")),
    stdin,
  };
  if (DEPLOYMENT_COMMANDS.has(argv[0])) {
    const records = previousRecords(recordFile);
    const baseUrl = configValue(records, "altcraft:baseUrl");
    const token = configValue(records, "altcraft:token");
    const mailingsFile = configValue(records, "altcraft:mailingsFile");
    record.mailingsFileText = mailingsFile && fs.existsSync(mailingsFile) ? fs.readFileSync(mailingsFile, "utf8") : null;
    const probeId = Number(process.env.FAKE_PULUMI_PROBE_ID ?? "101");
    try {
      const response = await fetch(`${baseUrl}/api/v1.1/campaigns/get`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token, id: probeId }),
      });
      const body = await response.json();
      record.probe = { status: response.status, error: body.error, name: body.data?.name };
    } catch (error) {
      record.probe = { failed: String(error) };
    }
  }
  fs.appendFileSync(recordFile, `${JSON.stringify(record)}\n`);
  const failOn = process.env.FAKE_PULUMI_FAIL_ON;
  if (failOn && argv[0] === failOn) {
    process.stderr.write(`fake pulumi: ${failOn} fails on purpose\n`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(`fake pulumi: ${error}\n`);
  process.exitCode = 2;
});
