/**
 * The program of the harness-conformance scenarios: a Pulumi project in a temporary folder whose `index.ts` declares
 * the dynamic resources listed in `spec.json` beside it, with the providers of conformance-providers.ts. The test
 * rewrites `spec.json` before each command, so one project serves a whole scenario; the real CLI runs it through
 * scripts/pulumi-inline.js, the harness's `runProgram` through the Node.js language runtime.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RegistrationOptions } from "../../harness/stack";
import type { ProviderName } from "./conformance-providers";
import { REPO_ROOT } from "./pulumi-cli";

/** Resource options a scenario can give: the harness's own, less the per-resource provider text only it can set. */
export type SpecOptions = Omit<RegistrationOptions, "providerText">;

/** One resource of a scenario's program. */
export interface ResourceSpec {
  name: string;
  /** Default `item`. */
  provider?: ProviderName;
  inputs: Record<string, unknown>;
  opts?: SpecOptions;
}

/** What the program reads from `spec.json`. */
export interface ProgramSpec {
  resources: ResourceSpec[];
  /** Throw an error with this many characters (after declaring the resources). */
  throwBytes?: number;
}

/** The project's name: the config namespace of the fixture provider (`conformance:endpoint`, `conformance:token`). */
export const CONFORMANCE_PROJECT = "conformance";

const PROVIDERS_MODULE = path.join(REPO_ROOT, "tests", "e2e", "support", "conformance-providers");

const PROGRAM = `import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { conformanceProviders } from ${JSON.stringify(PROVIDERS_MODULE)};

interface Spec {
  resources: Array<{ name: string; provider?: keyof typeof conformanceProviders; inputs: Record<string, unknown>; opts?: Record<string, any> }>;
  throwBytes?: number;
}

const spec = JSON.parse(fs.readFileSync(path.join(__dirname, "spec.json"), "utf8")) as Spec;
for (const r of spec.resources) {
  const { secretKeys = [], aliases, ...opts } = r.opts ?? {};
  const inputs: Record<string, unknown> = { ...r.inputs };
  for (const key of secretKeys as string[]) inputs[key] = pulumi.secret(inputs[key]);
  new pulumi.dynamic.Resource(conformanceProviders[r.provider ?? "item"], r.name, inputs, {
    ...opts,
    ...(aliases && { aliases: (aliases as string[]).map((name) => ({ name })) }),
  });
}
if (spec.throwBytes) {
  throw new Error("BIG-ERROR-START " + "x".repeat(spec.throwBytes) + " BIG-ERROR-END");
}
`;

/** A scenario's project folder. */
export interface ConformanceProject {
  dir: string;
  /** Writes `spec.json`: what the next command's program declares. */
  write(spec: ProgramSpec): void;
  /** Replaces `index.ts` (for scenarios about the program itself). */
  writeProgram(text: string): void;
  dispose(): void;
}

/** A new project folder with the scenario program; node_modules is this checkout's. */
export function makeConformanceProject(): ConformanceProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conformance-project-"));
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: ${CONFORMANCE_PROJECT}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n`,
  );
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "commonjs", moduleResolution: "node", strict: true, esModuleInterop: true, skipLibCheck: true, rootDir: "/", types: ["node"] },
      files: ["index.ts"],
    }),
  );
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: CONFORMANCE_PROJECT, private: true }));
  fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
  fs.writeFileSync(path.join(dir, "spec.json"), JSON.stringify({ resources: [] }));
  return {
    dir,
    write: (spec) => fs.writeFileSync(path.join(dir, "spec.json"), JSON.stringify(spec)),
    writeProgram: (text) => fs.writeFileSync(path.join(dir, "index.ts"), text),
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
