// Opening a test's PostgreSQL schema runs every migration on a real server: seconds, on a busy
// machine, where a SQLite file takes milliseconds.
jest.setTimeout(30_000);
