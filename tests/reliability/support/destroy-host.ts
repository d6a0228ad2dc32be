/**
 * One provider host shared across many deployments, with deletes sent to a second host that never runs Check.
 *
 * Pulumi starts one provider process per deployment, and the provider remembers, per process, which mailings the
 * Checks of that deployment declared: a delete leaves those switched on (provider/deployment-memory.ts). A suite that
 * shares one host across deployments would let every later delete see the declarations of all earlier ones. The
 * second host has run no Check, which is what the provider process of `pulumi destroy` sees, and what the delete of an
 * `up` sees when no resource of that deployment declares the mailing (a new id, a removed entry). Host start-up takes
 * seconds, so the second host starts on the first delete only.
 */
import type { ProviderHost } from "../../harness/providerHost";

/** Where each host's stdout stood at one moment, for {@link SplitHost.stdoutSince}. */
export interface OutputMark {
  main: number;
  destroy: number;
}

/** A {@link ProviderHost} whose deletes go to a host of their own. */
export interface SplitHost extends ProviderHost {
  /** The current end of both hosts' stdout. */
  mark(): OutputMark;
  /** What both hosts printed to stdout since `mark` (the main host's lines first). */
  stdoutSince(mark: OutputMark): string;
}

/** Wraps `main`; `startDestroyHost` starts and configures the delete host, exactly as `main` was configured. */
export function withDestroyHost(main: ProviderHost, startDestroyHost: () => Promise<ProviderHost>): SplitHost {
  let destroyHost: Promise<ProviderHost> | undefined;
  let started: ProviderHost | undefined;
  const destroyOutput = () => started?.output() ?? { stdout: "", stderr: "" };
  return {
    pid: main.pid,
    configure: (config, secretKeys) => main.configure(config, secretKeys),
    check: (olds, news) => main.check(olds, news),
    diff: (id, olds, news, oldInputs) => main.diff(id, olds, news, oldInputs),
    create: (properties) => main.create(properties),
    read: (id, properties, inputs) => main.read(id, properties, inputs),
    update: (id, olds, news, oldInputs) => main.update(id, olds, news, oldInputs),
    delete: async (id, properties, oldInputs) => {
      destroyHost ??= startDestroyHost().then((host) => (started = host));
      await (await destroyHost).delete(id, properties, oldInputs);
    },
    output: () => {
      const [a, b] = [main.output(), destroyOutput()];
      return { stdout: a.stdout + b.stdout, stderr: a.stderr + b.stderr };
    },
    mark: () => ({ main: main.output().stdout.length, destroy: destroyOutput().stdout.length }),
    stdoutSince: (mark) => main.output().stdout.slice(mark.main) + destroyOutput().stdout.slice(mark.destroy),
    stop: async () => {
      await main.stop();
      await (await destroyHost?.catch(() => undefined))?.stop();
    },
  };
}
