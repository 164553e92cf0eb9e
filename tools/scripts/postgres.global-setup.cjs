// Jest global setup for specs that run on PostgreSQL: the server the test command started
// (CCR_TEST_POSTGRES_URL, one for the whole run), or else one started here for this jest run
// and stopped by postgres.global-teardown.cjs. Workers start after this and inherit the URL.
const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async function startPostgres() {
  if (process.env.CCR_TEST_POSTGRES_URL) return;
  const parent = mkdtempSync(join(tmpdir(), 'ccr-postgres-'));
  rmSync(parent, { recursive: true });
  const url = execFileSync('bash', [join(__dirname, 'test-postgres.sh'), 'start', parent], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  process.env.CCR_TEST_POSTGRES_URL = url;
  process.env.CCR_TEST_POSTGRES_OWNED_DIR = parent;
};
