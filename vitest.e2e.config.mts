import { defineConfig } from 'vitest/config'

// End-to-end: the built renderer served by the real headless host, driven in
// Debian's Chromium. Needs `npm run build` first (the `test` script does it).
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/require-build.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
