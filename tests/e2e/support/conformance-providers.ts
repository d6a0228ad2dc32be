/**
 * The dynamic providers of the harness-conformance scenarios (tests/e2e/harness-conformance.test.ts), by name. The
 * scenario program (conformance-project.ts) and the harness side both take them from here, so both sides serialize
 * the same provider objects. All of them are the fixture item provider of the harness self-tests
 * (tests/harness-selftest/fixtures/itemProvider.ts), which talks to the fixture item server, with one change each.
 */
import type * as pulumi from "@pulumi/pulumi";
import { itemProvider, type ItemInputs, type ItemOutputs } from "../../harness-selftest/fixtures/itemProvider";

/** Names of the providers a scenario can use. */
export type ProviderName = "item" | "item2" | "nodiff" | "counter" | "slow" | "emptyid";

/** The item provider without `diff`: the host answers DIFF_UNKNOWN and the engine diffs the inputs itself. */
const { diff: _omitDiff, ...noDiffProvider } = itemProvider;

/** How long `slow`'s Check and Diff take: long enough that two calls started together would overlap. */
const SLOW_MS = 150;

/** The item provider under a name each scenario can ask for. */
export const conformanceProviders: Record<ProviderName, pulumi.dynamic.ResourceProvider> = {
  item: itemProvider,
  // A new version of the provider code (a different `__provider` text), behaving the same.
  item2: { ...itemProvider, revision: 2 } as pulumi.dynamic.ResourceProvider,
  nodiff: noDiffProvider,
  // Without `diff`, and a Check that sets `derived` to one more than the old value: a computed input that changes on
  // every run, which only `ignoreChanges` applied in the engine's own diff (DIFF_UNKNOWN) can keep from updating.
  counter: {
    ...noDiffProvider,
    async check(olds: ItemInputs & { derived?: number }, news: ItemInputs & { derived?: number }) {
      return { inputs: { ...news, derived: (olds.derived ?? 0) + 1 }, failures: [] };
    },
  } as pulumi.dynamic.ResourceProvider,
  // Check and Diff that take a while, so calls the engine makes at the same time would overlap in the records.
  slow: {
    ...itemProvider,
    async check(olds: ItemInputs, news: ItemInputs) {
      await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
      return itemProvider.check!(olds, news);
    },
    async diff(id: string, olds: ItemOutputs, news: ItemInputs) {
      await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
      return itemProvider.diff!(id, olds, news);
    },
  } as pulumi.dynamic.ResourceProvider,
  // Create answers with an empty id, which the engine refuses.
  emptyid: {
    ...itemProvider,
    async create(inputs: ItemInputs) {
      return { id: "", outs: { ...inputs, serial: "none" } };
    },
  } as pulumi.dynamic.ResourceProvider,
};
