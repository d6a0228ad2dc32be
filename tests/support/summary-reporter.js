// Mocha's spec output, closed by the plain "N passed, N failed, N skipped" line that CI reads
// (mocha's own "N passing" line is not a summary CI recognises).
"use strict";
const Mocha = require("mocha");
const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes = 0, failures = 0, pending = 0 } = runner.stats || {};
      // Printed after Spec's epilogue so it is the last line of the run.
      process.nextTick(() => console.log(`tests: ${passes} passed, ${failures} failed, ${pending} skipped`));
    });
  }
}
module.exports = SummaryReporter;
