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
  testPathIgnorePatterns: ['/node_modules/'],
};
