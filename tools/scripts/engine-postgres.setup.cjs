// Jest setupFiles of an e2e run on PostgreSQL: every stack makes a database of its own in the
// server postgres.global-setup.cjs provides (@ccr/testing's createTestDatabase()).
process.env.CCR_TEST_ENGINE = 'postgres';
