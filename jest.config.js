/** jest: CommonJS + @swc/jest (see ../shared/toolchain.md section 3.7). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj)sx?$': ['<rootDir>/test/setup/transform.cjs'] },
  transformIgnorePatterns: ['/node_modules/(?!(@middy)/)'],
  moduleNameMapper: { '^@middy/([^/]+)$': '<rootDir>/node_modules/@middy/$1/index.js' },
  setupFiles: ['<rootDir>/test/setup/polyfills.ts'],
  globalSetup: '<rootDir>/test/setup/build-cli.cjs',
  testTimeout: 60000,
  // The real-clock hardware wall-time runs (issue 11: 6-asset VQE on the IBM and Braket test servers,
  // 75-95 s, marginal against their scaled budget on a busy machine) run alone: npm run test:hardware-wall.
  testPathIgnorePatterns: process.env.QPO_HARDWARE_WALL ? ['/node_modules/'] : ['/node_modules/', '/test/workflow/hardware-wall-time\\.test\\.ts$'],
};
