import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../../test/support/temp-dir';
import { projectName } from './project.util';

describe('projectName', () => {
  let dir: string;
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/nonexistent' };

  beforeAll(async () => {
    dir = await makeTempDir('project');
    await mkdir(join(dir, 'webapp', 'src', 'deep'), { recursive: true });
    await mkdir(join(dir, 'plain', 'folder'), { recursive: true });
    execFileSync('git', ['init', '-q', join(dir, 'webapp')]);
  });
  afterAll(() => removeTempDir(dir));

  it("is the git work tree's folder name, from anywhere inside it", async () => {
    await expect(projectName(join(dir, 'webapp', 'src', 'deep'), env, 2000)).resolves.toBe(
      'webapp',
    );
  });

  it('is the folder itself outside git', async () => {
    await expect(projectName(join(dir, 'plain', 'folder'), env, 2000)).resolves.toBe('folder');
  });

  it('falls back to the folder when git is missing or the folder does not exist', async () => {
    await expect(
      projectName(join(dir, 'webapp', 'src'), { ...env, PATH: dir }, 2000),
    ).resolves.toBe('src');
    await expect(projectName('/home/dev/projects/gone', env, 2000)).resolves.toBe('gone');
  });
});
