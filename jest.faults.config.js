// The fault suite (`npm run test:faults`, run by .ci/run after `npm test`): each file builds the
// platform on stores of its own (deploy/local/stack/engines.ts) and then breaks them — stops the
// database, restarts Redis, kills workers, cuts a test host off. One file at a time: each starts
// a whole platform, and the faults are timed against a machine that is otherwise quiet.
const base = require('./jest.config.js');
const integration = base.projects.find((p) => p.displayName === 'integration');
module.exports = {
  testTimeout: 600000,
  maxWorkers: 1,
  projects: [
    {
      transform: integration.transform,
      moduleNameMapper: integration.moduleNameMapper,
      testEnvironment: 'node',
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
    },
  ],
};
