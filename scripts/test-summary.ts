// Prints one closing line over every test report of a CI run ("N passed, N failed, N skipped"),
// from Vitest's and Playwright's JSON reports.
import { existsSync, readFileSync } from 'node:fs'

interface Totals {
  passed: number
  failed: number
  skipped: number
}

const totals: Totals = { passed: 0, failed: 0, skipped: 0 }

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`missing test report: ${file}`)
    process.exitCode = 1
    continue
  }
  const report = JSON.parse(readFileSync(file, 'utf8'))
  if ('numPassedTests' in report) {
    totals.passed += report.numPassedTests
    totals.failed += report.numFailedTests
    totals.skipped += report.numPendingTests + report.numTodoTests
  } else {
    totals.passed += report.stats.expected + report.stats.flaky
    totals.failed += report.stats.unexpected
    totals.skipped += report.stats.skipped
  }
}

console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
