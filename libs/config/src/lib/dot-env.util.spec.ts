import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDotEnv } from './dot-env.util';

describe('loadDotEnv', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ccr-env-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sets what the environment lacks and leaves what it has', () => {
    const path = join(dir, '.env');
    writeFileSync(
      path,
      '# comment\nNOTIFY_PORT=4000\nLOG_LEVEL="debug"\nSHARED_SECRET=from-file\n',
    );
    const env: NodeJS.ProcessEnv = { SHARED_SECRET: 'from-shell' };
    expect(loadDotEnv(path, env).sort()).toEqual(['LOG_LEVEL', 'NOTIFY_PORT']);
    expect(env).toEqual({ SHARED_SECRET: 'from-shell', NOTIFY_PORT: '4000', LOG_LEVEL: 'debug' });
  });

  it('does nothing without the file', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadDotEnv(join(dir, '.env'), env)).toEqual([]);
    expect(env).toEqual({});
  });
});
