/**
 * Preloaded (`node --require`) into the language-runtime process that `runProgram` spawns. It makes
 * `util.inspect` ignore the `colors` option.
 *
 * Why: when a program throws, the runtime's uncaught-error handler (`@pulumi/pulumi/cmd/run/run.js`) reports the
 * error and then formats it with `util.inspect(err, { colors: true })` (`cmd/run/error.js`). With colours on,
 * Node 22.23's `markNodeModules` loops forever on a stack line whose `node_modules/<module>` has no path separator
 * after it (nodejs/node#64011, fixed by nodejs/node#64022). Errors thrown inside the SDK have such lines: the
 * SDK's source maps name `../config.ts`, so a frame maps to `.../node_modules/@pulumi/config.ts:369:19`. A
 * `ConfigMissingError` from `config.requireNumber(...)` therefore spun the event loop at 100 % CPU, the
 * Engine.Log call carrying the message was never sent, and the run only ended at the harness timeout.
 * Colours are escape codes the harness strips from the output anyway, so dropping them loses nothing.
 *
 * Plain JavaScript because it runs before the runtime registers ts-node.
 */
"use strict";
const util = require("node:util");

const original = util.inspect;

/** `util.inspect` with colours forced off; both the options-object and the legacy positional forms. */
function inspectWithoutColors(value, options, ...rest) {
  if (options !== null && typeof options === "object") {
    return original.call(this, value, { ...options, colors: false }, ...rest);
  }
  // Legacy form: inspect(value, showHidden, depth, colors).
  const [depth] = rest;
  return original.call(this, value, options, depth, false);
}

// Keep `inspect.custom`, `inspect.defaultOptions`, `inspect.colors` and `inspect.styles` working.
for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(original))) {
  if (key !== "length" && key !== "name" && key !== "prototype") Object.defineProperty(inspectWithoutColors, key, descriptor);
}

// Replaced before the runtime loads: its modules copy `inspect` off `util` when they are first required.
util.inspect = inspectWithoutColors;
