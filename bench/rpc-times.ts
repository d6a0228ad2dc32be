/** A provider host that remembers when each kind of RPC was first sent, to time the API calls that follow it. */
import type { ProviderHost } from "../tests/harness/providerHost";

type Method = "check" | "diff" | "create" | "read" | "update" | "delete";

/** A host wrapper and the epoch-ms times of the first RPC of each kind since the last `reset()`. */
export interface TimedHost {
  host: ProviderHost;
  /** Epoch ms at which the first RPC of `method` was sent, or undefined. */
  first(method: Method): number | undefined;
  reset(): void;
}

/** Wraps `host`; every call goes through unchanged. */
export function timeRpcs(host: ProviderHost): TimedHost {
  const firsts = new Map<Method, number>();
  const mark = (method: Method): void => {
    if (!firsts.has(method)) firsts.set(method, Date.now());
  };
  const timed: ProviderHost = {
    configure: (config, secretKeys) => host.configure(config, secretKeys),
    check: (olds, news) => (mark("check"), host.check(olds, news)),
    diff: (id, olds, news, oldInputs) => (mark("diff"), host.diff(id, olds, news, oldInputs)),
    create: (properties) => (mark("create"), host.create(properties)),
    read: (id, properties, inputs) => (mark("read"), host.read(id, properties, inputs)),
    update: (id, olds, news, oldInputs) => (mark("update"), host.update(id, olds, news, oldInputs)),
    delete: (id, properties, oldInputs) => (mark("delete"), host.delete(id, properties, oldInputs)),
    output: () => host.output(),
    get pid() {
      return host.pid;
    },
    stop: () => host.stop(),
  };
  return { host: timed, first: (method) => firsts.get(method), reset: () => firsts.clear() };
}
