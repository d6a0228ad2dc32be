// Preloaded into the provider host (NODE_OPTIONS=--require) by bench/host-profile.ts, never in a measured run.
// Records every module the process loads (self and inclusive time, who required it) and a CPU profile from this
// point on; on SIGUSR2 writes them with the process's memory figures to $BENCH_PROBE_OUT. Plain JavaScript: it
// runs inside Pulumi's host process, before anything could compile TypeScript.
"use strict";
const fs = require("node:fs");
const inspector = require("node:inspector");
const Module = require("node:module");
const v8 = require("node:v8");

const out = process.env.BENCH_PROBE_OUT;
const probeLoadedAtMs = performance.now();
const modules = [];
const stack = [];
const originalLoad = Module._load;

Module._load = function probedLoad(request, parent, isMain) {
  let filename;
  try {
    filename = Module._resolveFilename(request, parent, isMain);
  } catch {
    return originalLoad.apply(this, arguments);
  }
  if (filename in require.cache || !filename.includes("/")) return originalLoad.apply(this, arguments);
  const entry = { file: filename, parent: parent && parent.filename ? parent.filename : null, startMs: performance.now(), totalMs: 0, selfMs: 0 };
  modules.push(entry);
  stack.push({ entry, childMs: 0 });
  try {
    return originalLoad.apply(this, arguments);
  } finally {
    const frame = stack.pop();
    entry.totalMs = performance.now() - entry.startMs;
    entry.selfMs = entry.totalMs - frame.childMs;
    const outer = stack[stack.length - 1];
    if (outer) outer.childMs += entry.totalMs;
  }
};

const session = new inspector.Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.setSamplingInterval", { interval: 200 });
session.post("Profiler.start");
let profiling = true;
let seq = 0;

process.on("SIGUSR2", () => {
  seq++;
  const write = (profile) => {
    const report = {
      seq,
      probeLoadedAtMs,
      uptimeMs: performance.now(),
      modules,
      memory: process.memoryUsage(),
      heap: v8.getHeapStatistics(),
      heapSpaces: v8.getHeapSpaceStatistics().map((s) => ({ name: s.space_name, usedBytes: s.space_used_size, sizeBytes: s.space_size })),
      profile,
    };
    fs.writeFileSync(`${out}.tmp`, JSON.stringify(report));
    fs.renameSync(`${out}.tmp`, out);
  };
  // The first signal (after the first answered Check) ends the cold-start profile; the second reports memory as it
  // is; the third and later collect garbage first, so live data can be told from garbage V8 has not collected yet.
  if (seq >= 3) return session.post("HeapProfiler.collectGarbage", () => write(null));
  if (!profiling) return write(null);
  profiling = false;
  session.post("Profiler.stop", (error, result) => write(error ? null : result.profile));
});
