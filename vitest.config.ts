import { defineConfig } from 'vitest/config'
import path from 'node:path'

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    environment: 'node',
    include: ['**/*.test.ts'],
    globalSetup: ['./lib/db/test-global-setup.ts'],
    // CI also writes a JSON report that .ci/run sums into one closing line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: `.local/reports/unit${process.env.TEST_DATABASE_URL ? '-postgres' : ''}.json` }]] : ['default'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.data/**', '.local/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
