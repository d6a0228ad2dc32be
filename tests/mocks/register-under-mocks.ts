/**
 * Runs in its own process (setMocks changes global state): declares ActivatedMailing resources under
 * `pulumi.runtime.setMocks` and prints every registration as one JSON line for the mocks test to read.
 */
import * as pulumi from "@pulumi/pulumi";

interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const registrations: Registration[] = [];

async function main(): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registrations.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        return { id: String(args.inputs.mailingId), state: { ...args.inputs, isActive: true, status: "Active" } };
      },
      call: () => ({}),
    },
    "mocks-project",
    "dev",
  );
  // Imported only after setMocks, as Pulumi's mocks require.
  const { ActivatedMailing } = await import("../../provider");
  const launch = new ActivatedMailing("launch", {
    mailingId: 4727,
    runNow: true,
    overrideSourceType: "segment",
    overrideSourceId: 2550,
    overrideLimit: 300,
    content: { H1: "Weather alert" },
    triggers: ["2026-11-26"],
  });
  const kept = new ActivatedMailing("kept", { mailingId: 82 });
  const [id, isActive] = await new Promise<[string, boolean]>((resolve) =>
    pulumi.all([launch.id, kept.isActive]).apply(([i, a]) => resolve([i, a])),
  );
  console.log(JSON.stringify({ registrations, launchId: id, keptIsActive: isActive }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
