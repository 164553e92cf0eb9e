#!/usr/bin/env node
// Adds up the JSON reports that each jest target writes (tmp/test-results/*.json) and prints
// one plain closing line, "N passed, N failed", which CI reads. A project whose tests failed
// to start (no report) is counted as a failure so that it cannot pass unnoticed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'tmp/test-results';
let passed = 0;
let failed = 0;
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
for (const file of files) {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that failed to run (syntax error, crash in beforeAll) has no failed test cases.
  failed += report.testResults.filter(
    (r) => r.status === 'failed' && r.assertionResults.length === 0,
  ).length;
  if (report.numPendingTests > 0) {
    console.log(`${file}: ${report.numPendingTests} skipped test(s)`);
  }
}
if (files.length === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
