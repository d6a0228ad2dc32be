/**
 * Run as a child process: declares one `ActivatedMailing` per case under `pulumi.runtime.setMocks`, one after the
 * other, and prints a JSON line per case: "intact" when the mock received the value exactly as declared, else what
 * went wrong. Cases come as JSON in argv[2]: `{ key, value, where }` with where = content | attach | triggers.
 */
import * as pulumi from "@pulumi/pulumi";
import { ActivatedMailing } from "../../../provider/resource";

interface ProbeCase {
  key: string;
  value: unknown;
  where: "content" | "attach" | "triggers";
}

const cases = JSON.parse(process.argv[2] ?? "[]") as ProbeCase[];
let received: Record<string, unknown> | undefined;
let failure: string | undefined;
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      received = args.inputs as Record<string, unknown>;
      return { id: "1", state: {} };
    },
    call: (args) => args.inputs,
  },
  "probe",
  "dev",
  false,
);
const record = (error: unknown) => {
  failure ??= String((error as Error)?.message ?? error).split("\n")[0];
};
process.on("unhandledRejection", record);
process.on("uncaughtException", record);

async function probe(one: ProbeCase, index: number): Promise<string> {
  received = undefined;
  failure = undefined;
  const holder: Record<string, unknown> = {};
  Object.defineProperty(holder, one.key, { value: one.value, enumerable: true, writable: true, configurable: true });
  const declared = one.where === "content" ? holder : [holder];
  try {
    new ActivatedMailing(`probe-${index}`, { mailingId: index + 1, runNow: true, [one.where]: declared });
  } catch (error) {
    record(error);
  }
  for (let waited = 0; waited < 3000 && received === undefined && failure === undefined; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  if (failure !== undefined) return `fails: ${failure}`;
  if (received === undefined) return "never registered";
  const got = JSON.stringify(received[one.where]);
  return got === JSON.stringify(declared) ? "intact" : `changed to ${got}`;
}

void (async () => {
  for (const [index, one] of cases.entries()) console.log(JSON.stringify({ ...one, outcome: await probe(one, index) }));
  process.exit(0);
})();
