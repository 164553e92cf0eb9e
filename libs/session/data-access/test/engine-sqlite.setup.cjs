process.env.CCR_TEST_ENGINE = 'sqlite';
