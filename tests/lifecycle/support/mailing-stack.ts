/**
 * A stack of `ActivatedMailing` resources on the engine harness (`TestStack`) against the emulator: the way the
 * scenario suites declare mailings the way the `ActivatedMailing` class does, and count what reached the API.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from "../../../emulator";
import { DECLARED_MAILINGS_HINT, declaredMailingHints } from "../../../provider/declared-hint";
import { activatedMailingProvider } from "../../../provider/provider";
import { serializeProvider } from "../../harness/engine";
import { TestStack, type Registration, type RegistrationOptions } from "../../harness/stack";
import type { Props } from "../../harness/propertyValues";

/** The token every scenario stack uses. */
export const TOKEN = "scenario-token-5d1f9a";
/** The project name the `ActivatedMailing` class would put in `declaredBy`. */
export const PROJECT = "mailings";

let providerText: Promise<string> | undefined;

/** The `__provider` text of the shared provider object (serialized once). */
export function scenarioProviderText(): Promise<string> {
  providerText ??= serializeProvider(activatedMailingProvider);
  return providerText;
}

/** Starts an emulator with the scenario token. */
export function startScenarioEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ tokens: [TOKEN], ...options });
}

/** A stack configured for the emulator; `config` adds or overrides `altcraft:*` settings. */
export async function mailingStack(emulator: Emulator, stack = "dev", config: Record<string, string> = {}): Promise<TestStack> {
  return new TestStack({
    providerText: await scenarioProviderText(),
    project: PROJECT,
    stack,
    config: { "altcraft:baseUrl": emulator.url, "altcraft:token": TOKEN, ...config },
    secretKeys: ["altcraft:token"],
  });
}

/**
 * The registration `new ActivatedMailing(name, inputs, opts)` makes in stack `stack`: defaults for the flags and
 * `declaredBy` (see provider/resource.ts).
 */
export function mailing(name: string, inputs: Props, opts?: RegistrationOptions, stack = "dev"): Registration {
  return {
    name,
    type: "pulumi-nodejs:dynamic/altcraft:ActivatedMailing",
    inputs: { runNow: false, abortIfRunning: false, declaredBy: `${PROJECT}/${stack}/${name}`, ...inputs },
    ...(opts && { opts }),
  };
}

/** What reached the API since `from` (an index into `emulator.requests`): writes, reads and launches. */
export function callsSince(emulator: Emulator, from: number) {
  const requests = emulator.requests.slice(from);
  const writes = requests.filter((r) => r.endpoint === "activate" || r.endpoint === "deactivate");
  return {
    all: requests.length,
    writes: writes.length,
    activations: requests.filter((r) => r.endpoint === "activate").length,
    deactivations: requests.filter((r) => r.endpoint === "deactivate").length,
    reads: requests.length - writes.length,
  };
}

/** The reviewer lines the provider printed (`altcraft: …`), without the prefix. */
export function reviewerLines(diagnostics: string[]): string[] {
  return diagnostics.filter((line) => line.startsWith("altcraft: ")).map((line) => line.slice("altcraft: ".length));
}

/** The lines that announce a launch. */
export function launchLines(diagnostics: string[]): string[] {
  return reviewerLines(diagnostics).filter((line) => line.includes("will launch a run"));
}

/**
 * `registrations` as one program turn declares them (a mailings file, a loop): each carries the read-ahead hint
 * the `ActivatedMailing` class adds (provider/declared-batch.ts), in this order.
 */
export function declaredTogether(registrations: Registration[]): Registration[] {
  const hints = declaredMailingHints(registrations.map((r) => (typeof r.inputs.mailingId === "number" ? r.inputs.mailingId : undefined)));
  return registrations.map((r, index) => ({ ...r, inputs: { ...r.inputs, [DECLARED_MAILINGS_HINT]: hints[index] ?? "" } }));
}
