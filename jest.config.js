/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  // content-disposition 3 (under @fastify/static, for the API docs) ships only ESM; Node 20 requires it natively, Jest 30 needs it compiled.
  transform: { '^.+\\.ts$': swc, '/node_modules/content-disposition/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: { '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts', '^@test/factories$': '<rootDir>/test/factories/index.ts' },
  testEnvironment: 'node',
};

module.exports = {
  // Probes PostgreSQL and Redis once: their suites announce a skip outside CI
  // and are mandatory with CI=true. Builds the migrated embedded database the suites start from.
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testSequencer: '<rootDir>/test/support/sequencer.js',
  // Two workers on the two-core CI machine: the suites spend much of their time waiting on
  // PostgreSQL, partner nodes and timers, so the pair finishes in about half the time of one
  // process. A worker that has grown past the limit is replaced between files; in one process
  // every suite's leftovers piled up to 3 GB and slowed the later suites.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1GB',
  // Closing a gateway drains its queue workers and partner pulls: on two busy cores that can take
  // longer than Jest's default 5 s for a hook. Tests assert behaviour, never time.
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    // Property-based fuzzing of the real gateway: bounded and seeded here, longer with `npm run fuzz`.
    { ...common, displayName: 'fuzz', testMatch: ['<rootDir>/test/fuzz/**/*.fuzz-spec.ts'] },
    // Faults under load on the suite's own PostgreSQL cluster and Redis (short form; `npm run chaos` runs the long one).
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'] },
  ],
};
