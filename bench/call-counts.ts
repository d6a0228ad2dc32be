/**
 * API calls per resource and operation, counted at the server over every provider call the engine makes for the
 * resource in one command: `up` = Check → Create, or Check → Diff → Update; `refresh` = Read; `destroy` = Delete;
 * `preview` = Check (→ Diff). Each command is a deployment with its own provider process, as Pulumi runs them;
 * within one, resources go one at a time, so each window holds exactly one resource's calls.
 */
import type { SeedMailing } from "../emulator";
import { CheckFailedError } from "../tests/harness/engineSteps";
import { describeEndpoints, tally, WRITE_ENDPOINTS, type CallTally } from "./api-calls";
import { startEmulatorChild, type EmulatorChild } from "./emulator-child";
import { DEFAULT_HOST_SETTINGS, inDeployment, providerText } from "./host";
import { StackState, type Deployment } from "./stack-state";
import { BENCH_TOKEN } from "./token";
import type { OperationCalls } from "./types";

const BASE_ID = { create: 1_000, adopt: 2_000, updateRun: 3_000, preview: 4_000 } as const;

/** Counts each scenario on `resources` mailings (the worst resource is the figure). */
export async function measureCallCounts(resources: number): Promise<OperationCalls[]> {
  const ids = (base: number): number[] => Array.from({ length: resources }, (_, i) => base + i);
  const seeds: SeedMailing[] = [
    ...ids(BASE_ID.create).map((id) => ({ id })),
    ...ids(BASE_ID.adopt).map((id) => ({ id, isActive: true })),
    ...ids(BASE_ID.updateRun).map((id) => ({ id })),
    ...ids(BASE_ID.preview).map((id) => ({ id })),
  ];
  const emulator = await startEmulatorChild({ tokens: [BENCH_TOKEN], mailings: seeds });
  try {
    const stack = new StackState(await providerText());
    const deploy = <T>(work: (d: Deployment) => Promise<T>) => inDeployment(stack, emulator.url, DEFAULT_HOST_SETTINGS, work).then((r) => r.result);
    const name = (id: number): string => `mailing-${id}`;
    const count = (d: Deployment, scenario: OperationCalls["scenario"], description: string, base: number, step: (d: Deployment, id: number) => Promise<string | undefined>) =>
      countScenario(emulator, scenario, description, ids(base), (id) => step(d, id));

    // An earlier deployment launched a run on these; the counted one asks for a new run.
    await deploy(async (d) => {
      for (const id of ids(BASE_ID.updateRun)) await d.up(name(id), { mailingId: id, runNow: true, triggers: ["wave-1"] });
    });
    const upRows = await deploy(async (d) => [
      await count(d, "create", "up: create of an inactive mailing", BASE_ID.create, (x, id) => x.up(name(id), { mailingId: id })),
      await count(d, "adopt", "up: adoption of an active mailing, no run asked", BASE_ID.adopt, (x, id) => x.up(name(id), { mailingId: id })),
      await count(d, "updateRun", "up: update with a new run (triggers changed)", BASE_ID.updateRun, (x, id) =>
        x.up(name(id), { mailingId: id, runNow: true, triggers: ["wave-2"] }),
      ),
    ]);
    const refresh = await deploy((d) => count(d, "refresh", "refresh", BASE_ID.create, async (x, id) => ((await x.refresh(name(id))) ? "gone" : undefined)));
    const previews = await deploy(async (d) => [
      await count(d, "previewCreate", "preview of a new resource (Check)", BASE_ID.preview, async (x, id) => previewOp(await x.preview(name(id), { mailingId: id }))),
      await count(d, "previewUpdate", "preview of a change (Check → Diff)", BASE_ID.adopt, async (x, id) =>
        previewOp(await x.preview(name(id), { mailingId: id, content: { wave: "2" } })),
      ),
    ]);
    const destroy = await deploy((d) => count(d, "delete", "destroy", BASE_ID.create, async (x, id) => void (await x.destroy(name(id)))));
    const [create, adopt, updateRun] = upRows;
    const [previewCreate, previewUpdate] = previews;
    return [create, adopt, updateRun, refresh, destroy, previewCreate, previewUpdate].filter((r): r is OperationCalls => r !== undefined);
  } finally {
    await emulator.close();
  }
}

function previewOp(outcome: { op: string; failures: unknown[] }): string {
  return outcome.failures.length > 0 ? `refused: ${JSON.stringify(outcome.failures)}` : outcome.op;
}

/** What each scenario must come out as, so a window that measured something else is flagged, not counted as a pass. */
const EXPECTED_OP: Partial<Record<OperationCalls["scenario"], string>> = {
  create: "create",
  adopt: "create",
  updateRun: "update",
  previewCreate: "create",
  previewUpdate: "update",
};

async function countScenario(
  emulator: EmulatorChild,
  scenario: OperationCalls["scenario"],
  description: string,
  ids: number[],
  step: (id: number) => Promise<string | undefined>,
): Promise<OperationCalls> {
  const perResource: CallTally[] = [];
  const byEndpoint: Record<string, number> = {};
  const problems: string[] = [];
  for (const id of ids) {
    const from = await emulator.wireLength();
    let op: string | undefined;
    try {
      op = await step(id);
    } catch (error) {
      const message = error instanceof CheckFailedError ? error.message : error instanceof Error ? error.message.split("\n")[0] : String(error);
      problems.push(`mailing ${id}: ${message}`);
    }
    const expected = EXPECTED_OP[scenario];
    if (op !== undefined && expected !== undefined && op !== expected) problems.push(`mailing ${id}: the engine chose ${op}, not ${expected}`);
    if (op !== undefined && expected === undefined) problems.push(`mailing ${id}: ${op}`);
    const counted = tally(await emulator.wire(from));
    perResource.push(counted);
    for (const [endpoint, n] of Object.entries(counted.byEndpoint)) byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + n;
  }
  const max = (pick: (t: CallTally) => number): number => Math.max(0, ...perResource.map(pick));
  return {
    scenario,
    description,
    resources: ids.length,
    maxCalls: max((t) => t.calls),
    maxReads: max((t) => t.reads),
    maxWrites: max((t) => t.writes),
    endpoints: describeEndpoints(byEndpoint, ids.length),
    writeEndpoints: Object.keys(byEndpoint).filter((e) => WRITE_ENDPOINTS.has(e)).sort(),
    problems: problems.slice(0, 3),
  };
}
