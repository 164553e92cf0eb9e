import { existsSync } from 'node:fs';
import { mkdir, readdir, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { makeTempDir, removeDir } from './temp-dir.util';

describe('makeTempDir / removeDir', () => {
  it('makes a new empty folder under the temp folder, and removes it with its content', async () => {
    const dir = await makeTempDir('ccr test/');
    const other = await makeTempDir('ccr test/');
    expect(dir).not.toBe(other);
    expect(dir.startsWith(await realpath(tmpdir()))).toBe(true);
    expect(basename(dir)).toMatch(/^ccr-test-/);
    expect(await readdir(dir)).toEqual([]);

    await mkdir(join(dir, 'a', 'b'), { recursive: true });
    await writeFile(join(dir, 'a', 'b', 'f.txt'), 'x');
    await removeDir(dir);
    await removeDir(other);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(other)).toBe(false);
  });

  it('accepts a folder that is already gone', async () => {
    const dir = await makeTempDir('ccr-gone');
    await removeDir(dir);
    await expect(removeDir(dir)).resolves.toBeUndefined();
  });
});
