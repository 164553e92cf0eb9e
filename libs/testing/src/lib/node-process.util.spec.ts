import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './free-port.util';
import { runNode, startNodeApp } from './node-process.util';
import { makeTempDir, removeDir } from './temp-dir.util';
import { waitFor } from './wait-for.util';

/** Running and not a zombie (a reparented child may stay one where nothing reaps it). */
function isRunning(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (existsSync('/proc/self/stat')) {
    if (!existsSync(stat)) return false;
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const isGone = (pid: number) => waitFor(() => !isRunning(pid), { what: `process ${pid} to end` });

describe('node process helpers', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await makeTempDir('ccr-node-process');
  });

  afterAll(async () => {
    await removeDir(dir);
  });

  async function script(name: string, source: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, source);
    return path;
  }

  describe('runNode', () => {
    it('feeds stdin, collects stdout and stderr, and reports the exit code', async () => {
      const path = await script(
        'echo.cjs',
        `let input = '';
         process.stdin.on('data', (c) => (input += c));
         process.stdin.on('end', () => {
           process.stdout.write('got ' + input.toUpperCase());
           process.stderr.write('args ' + process.argv.slice(2).join(','));
           process.exit(3);
         });`,
      );
      const result = await runNode(path, ['a', 'b c'], { stdin: 'héllo 😀' });
      expect(result).toEqual(
        expect.objectContaining({
          code: 3,
          signal: null,
          stdout: 'got HÉLLO 😀',
          stderr: 'args a,b c',
          timedOut: false,
          durationMs: expect.any(Number),
        }),
      );
    });

    it('closes stdin when there is nothing to write, so a reader is not left waiting', async () => {
      const path = await script(
        'drain.cjs',
        `process.stdin.resume(); process.stdin.on('end', () => console.log('eof'));`,
      );
      expect((await runNode(path, [])).stdout).toBe('eof\n');
    });

    it('gives the child exactly the environment asked for, in the folder asked for', async () => {
      const path = await script(
        'env.cjs',
        `console.log(JSON.stringify({ keys: Object.keys(process.env).sort(), cwd: process.cwd() }));`,
      );
      const result = await runNode(path, [], { env: { CCR_ONLY: '1' }, cwd: dir });
      expect(JSON.parse(result.stdout)).toEqual({ keys: ['CCR_ONLY'], cwd: dir });
    });

    it('kills a child that runs past the timeout, with what it started', async () => {
      const path = await script(
        'hang.cjs',
        `const { spawn } = require('node:child_process');
         const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
         console.log(child.pid);
         setInterval(() => {}, 1000);`,
      );
      const result = await runNode(path, [], { timeoutMs: 500 });
      expect(result).toEqual(
        expect.objectContaining({ code: null, signal: 'SIGKILL', timedOut: true }),
      );
      await isGone(Number(result.stdout.trim()));
    });
  });

  describe('startNodeApp', () => {
    const appSource = `
      const http = require('node:http');
      const { spawn } = require('node:child_process');
      let ready = false;
      const helper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      const server = http.createServer((req, res) => {
        res.statusCode = req.url === '/health' && ready ? 200 : 503;
        res.end(String(helper.pid));
      });
      server.listen(Number(process.env.PORT), '127.0.0.1', () => {
        console.log('listening on ' + process.env.PORT);
        setTimeout(() => { ready = true; console.error('ready'); }, 200);
      });
      process.on('SIGTERM', () => {
        console.log('bye');
        server.close(() => process.exit(0));
      });`;

    it('resolves once the app answers 200, and stops it and what it started', async () => {
      const path = await script('app.cjs', appSource);
      const port = await freePort();
      const app = await startNodeApp(path, {
        env: { PORT: String(port) },
        readyUrl: `http://127.0.0.1:${port}/health`,
      });
      try {
        expect(isRunning(app.pid)).toBe(true);
        const helperPid = Number(await (await fetch(`http://127.0.0.1:${port}/health`)).text());
        expect(app.output()).toContain(`listening on ${port}`);
        expect(app.output()).toContain('ready');

        expect(await app.stop()).toBe(0);
        expect(app.output()).toContain('bye');
        expect(isRunning(app.pid)).toBe(false);
        await isGone(helperPid);
        await expect(app.exited).resolves.toBe(0);
        // Stopping again answers the same.
        expect(await app.stop()).toBe(0);
      } finally {
        await app.kill();
      }
    });

    it('kills an app that ignores the stop signal', async () => {
      const path = await script(
        'stubborn.cjs',
        `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
         process.on('SIGTERM', () => console.log('ignoring SIGTERM'));`,
      );
      const port = await freePort();
      const app = await startNodeApp(path, {
        env: { PORT: String(port) },
        readyUrl: `http://127.0.0.1:${port}/`,
      });
      expect(await app.stop('SIGTERM', 300)).toBeNull();
      expect(app.output()).toContain('ignoring SIGTERM');
      expect(isRunning(app.pid)).toBe(false);
    });

    it('fails fast with the output when the app exits before it is ready', async () => {
      const path = await script('crash.cjs', `console.error('PORT is missing'); process.exit(4);`);
      await expect(
        startNodeApp(path, {
          env: {},
          readyUrl: `http://127.0.0.1:${await freePort()}/health`,
          timeoutMs: 60_000,
        }),
      ).rejects.toThrow(
        /exited with code 4 before http:\/\/127\.0\.0\.1:\d+\/health answered 200[\s\S]*PORT is missing/,
      );
    });

    it('kills an app that never gets ready, and says so with its output', async () => {
      const pidFile = join(dir, 'never.pid');
      const path = await script(
        'never.cjs',
        `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
         console.log('still starting');
         setInterval(() => {}, 1000);`,
      );
      await expect(
        startNodeApp(path, {
          env: {},
          readyUrl: `http://127.0.0.1:${await freePort()}/health`,
          timeoutMs: 500,
        }),
      ).rejects.toThrow(
        /did not answer 200 on .* within 500 ms .*it was killed\.[\s\S]*still starting/,
      );
      expect(isRunning(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
    });
  });
});
