/** The oldest `@pulumi/pulumi` this package works with: `ReadResult.inputs` (refresh keeping inputs right) arrived in 3.216.0. */
export const MIN_PULUMI_SDK = "3.216.0";

/** The oldest Pulumi CLI that hands stack config to a dynamic provider's `configure` (engine change #17673). */
export const MIN_PULUMI_CLI = "3.139.0";

/** Throws a clear error when the program's `@pulumi/pulumi` is older than {@link MIN_PULUMI_SDK}. */
export function assertSupportedSdk(version: string = installedSdkVersion()): void {
  if (compareVersions(version, MIN_PULUMI_SDK) < 0) {
    throw new Error(`pulumi-altcraft needs @pulumi/pulumi ${MIN_PULUMI_SDK} or newer (refresh relies on ReadResult.inputs); this program has ${version}: npm install @pulumi/pulumi@^3`);
  }
}

/** Compares dotted numeric versions (pre-release suffixes ignored). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => v.split("-")[0]!.split(".").map((part) => Number(part) || 0);
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

function installedSdkVersion(): string {
  return (require("@pulumi/pulumi/package.json") as { version: string }).version;
}
