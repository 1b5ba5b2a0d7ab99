// Jest orders suites by their last duration, from a cache keyed by absolute path: a clean clone
// (CI) has none and falls back to file size, which put the longest suites (small files that
// start whole processes) last, leaving one worker alone at the end. These go first, longest
// first (seconds measured on the two-core CI machine); the rest keep Jest's own order.
const Sequencer = require('@jest/test-sequencer').default;

const LONG_POLES = {
  'test/faults/faults.fault-spec.ts': 135,
  'test/e2e/sync-crash.e2e-spec.ts': 135,
  'test/e2e/province-sync.e2e-spec.ts': 97,
  'test/e2e/crash-forward.e2e-spec.ts': 85,
  'test/e2e/crash-import.e2e-spec.ts': 76,
  'test/e2e/console.e2e-spec.ts': 75,
};

class LongPolesFirst extends Sequencer {
  sort(tests) {
    const weight = (test) => LONG_POLES[test.path.slice(test.context.config.rootDir.length + 1)] ?? 0;
    const poles = tests.filter((t) => weight(t) > 0).sort((a, b) => weight(b) - weight(a));
    return [...poles, ...super.sort(tests.filter((t) => weight(t) === 0))];
  }
}

module.exports = LongPolesFirst;
