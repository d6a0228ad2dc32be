/**
 * A warning, printed by the program before anything is switched off, when the engine skips `ActivatedMailing`
 * registrations: a new resource outside `--target` or inside `--exclude` (and, in `refresh`/`destroy --run-program`,
 * one not in the stack yet).
 *
 * Why: the provider keeps a declared mailing on when it deletes another resource holding it (a rename, a replacement,
 * a moved id) because it saw the declaring resource's Check in the same deployment (deployment-memory.ts). A skipped
 * registration gets no Check: the engine stubs it with the old inputs, none for a new resource, and makes a skipped
 * create (pkg/resource/deploy/step_generator.go `continueStepsFromImport`: `if !isTargeted` → stubbed `checkInputs`,
 * then `NewSkippedCreateStep`). So after a rename without `aliases`, `pulumi up --target <old name's URN>` (or
 * `--exclude <new name's URN>`) deletes the old name and the provider switches the mailing off although the program
 * still declares it.
 *
 * The provider process cannot tell: `--target`/`--exclude` reach only the step generator (pkg/engine/deployment.go
 * copies them into deploy.Options; step_generator.go `isIncludedInOperation`, `GenerateDeletes`), never a plugin.
 * Its Delete carries the id and the old outputs only (@pulumi/pulumi cmd/dynamic-provider `delete`; no URN, no old
 * inputs), and its environment adds only PULUMI_NODEJS_PROJECT, PULUMI_PROJECT, PULUMI_CONFIG and PULUMI_RUNTIME_*
 * (sdk/go/common/resource/plugin/provider_plugin.go `NewProvider`). A `destroy` (which must switch everything off)
 * looks the same to it: no Check, then Deletes. The program can tell: the engine answers a skipped registration with
 * no id and, in a preview, no outputs (step.go `SameStep.Apply`: `RegisterResult{Unknown: s.skippedCreate}`), while a
 * previewed create gets its inputs back as outputs. And the warning comes first: a preview runs no Delete (step.go
 * `DeleteStep.Apply` under DryRun), and an update runs its deletes only after the program has finished
 * (deployment_executor.go `Execute` → `performPostSteps` → `GenerateDeletes`).
 *
 * A warning, not a refusal: the program cannot tell a targeted `up` from `refresh`/`destroy --run-program` (they skip
 * resources not in the stack yet the same way), nor know whether this deployment deletes anything at all.
 */
import * as pulumi from "@pulumi/pulumi";

/** One registration the engine skipped. */
interface Skipped {
  urn: string;
  mailingId: number | undefined;
}

/** The most skipped resources one warning lists by URN. */
const LISTED = 20;

let watching = 0;
let skipped: Skipped[] = [];

/**
 * Watches one `ActivatedMailing` registration; once every registration under watch has been answered, prints one
 * warning listing those the engine skipped. Never fails the program: a registration that fails is reported by Pulumi.
 */
export function watchRegistration(resource: pulumi.CustomResource, mailingOutput: pulumi.Output<number>, mailingId: unknown): void {
  // In a preview every create lacks an id, but a skipped one also lacks its outputs; in an update it lacks its id.
  // A `mailingId` that is not a plain number may be unknown in a preview for its own reasons: not watched then.
  const probe = pulumi.runtime.isDryRun() ? (typeof mailingId === "number" ? mailingOutput : undefined) : resource.id;
  const known = probe && isKnownOf(probe);
  if (!known) return;
  // Keeps the program's RPCs open until the warning is sent, so it reaches the engine before the deletes.
  const done = pulumi.runtime.rpcKeepAlive();
  watching++;
  known
    .then(async (isKnown) => {
      if (!isKnown) skipped.push({ urn: await urnOf(resource), mailingId: typeof mailingId === "number" ? mailingId : undefined });
    })
    .catch(() => undefined)
    .finally(() => {
      watching--;
      if (watching === 0 && skipped.length > 0) {
        const batch = skipped;
        skipped = [];
        void pulumi.log.warn(skippedWarning(batch));
      }
      done();
    });
}

/** The warning for the skipped registrations of one batch. */
export function skippedWarning(batch: readonly Skipped[]): string {
  const lines = batch.slice(0, LISTED).map((s) => `  - ${s.urn}${s.mailingId === undefined ? "" : ` (mailing ${s.mailingId})`}`);
  if (batch.length > LISTED) lines.push(`  - and ${batch.length - LISTED} more`);
  return (
    `altcraft: this deployment skips ${batch.length} declared ActivatedMailing resource${batch.length === 1 ? "" : "s"} ` +
    "(outside --target, inside --exclude, or not in the stack yet in a --run-program refresh or destroy); the provider " +
    "gets no Check for them, so it cannot see that they declare their mailings:\n" +
    `${lines.join("\n")}\n` +
    "A delete in this deployment of another resource holding one of these mailings (for example the name an entry had " +
    "before a rename) switches that mailing off. To keep it on, add these URNs to --target (or drop them from --exclude), " +
    "or declare the former name in `aliases`, or run `pulumi up` without --target and --exclude."
  );
}

/** The SDK's own "is this value known" promise of an output (every supported SDK has it; not in its typings). */
function isKnownOf(output: pulumi.Output<unknown>): Promise<boolean> | undefined {
  const isKnown = (output as unknown as { isKnown?: unknown }).isKnown;
  return isKnown instanceof Promise ? (isKnown as Promise<boolean>) : undefined;
}

/** The resource's URN (always known: the engine returns it even for a skipped registration). */
function urnOf(resource: pulumi.CustomResource): Promise<string> {
  return new Promise((resolve) => resource.urn.apply((urn) => resolve(urn)));
}
