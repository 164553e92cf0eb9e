// Jest setupFiles of an e2e run on SQLite: the harnesses read the engine from CCR_TEST_ENGINE
// (@ccr/testing's testEngine()), set here so that a shell's value cannot change the run.
process.env.CCR_TEST_ENGINE = 'sqlite';
