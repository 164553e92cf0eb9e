// Stops the PostgreSQL server postgres.global-setup.cjs started, if it started one.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function stopPostgres() {
  const dir = process.env.CCR_TEST_POSTGRES_OWNED_DIR;
  if (!dir) return;
  execFileSync('bash', [join(__dirname, 'test-postgres.sh'), 'stop', dir], { stdio: 'inherit' });
  delete process.env.CCR_TEST_POSTGRES_URL;
  delete process.env.CCR_TEST_POSTGRES_OWNED_DIR;
};
