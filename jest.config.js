// Five projects so `make test` can run each layer on its own: unit tests beside the code,
// integration tests (storage conformance, API server per verb) and e2e tests (real kubectl) in test/.
const common = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
};
export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{api,apiserver,controllers,cmd,hack,console}/**/*.test.ts'],
    },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    // faults injected under load (make e2e-ha): needs a quiet machine, timing-sensitive
    { ...common, displayName: 'ha', testMatch: ['<rootDir>/test/ha/**/*.test.ts'] },
    // the web console in headless chromium (make e2e-console)
    { ...common, displayName: 'console', testMatch: ['<rootDir>/test/console/**/*.test.ts'] },
  ],
};
