// Unit tests (*.spec.ts, colocated) and end-to-end tests (test/**/*.e2e-spec.ts) in one run.
// @swc/jest compiles without type-checking; `npm test` type-checks the whole tree first with tsc.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@yixiang/(contracts|common|domain)$': '<rootDir>/libs/$1/src',
  '^@yixiang/(contracts|common|domain)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const shared = { transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node' };
module.exports = {
  // Hooks and tests talk to real services: Jest's 5 s default failed a beforeAll that made six
  // requests on a loaded 2-core machine (the fresh-machine test, with other work beside it).
  testTimeout: 30000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench,deploy}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
