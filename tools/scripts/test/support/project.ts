import { makeTempDir, removeDir, waitFor, workspaceRoot } from '@ccr/testing';
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

export const SECRET = 'e2e-secret-0123456789abcdef0123456789abcdef';

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Added to the project's environment; `undefined` removes a variable. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** The script and whatever it started in its process group are killed after this long. */
  timeoutMs?: number;
}

/**
 * A checkout as a user has it after a build: the scripts, install.sh, dist/ (copied from this
 * workspace's build), node_modules (linked), .env.example and config/, in a temporary folder,
 * with a temporary HOME beside it.
 */
export interface TestProject {
  root: string;
  home: string;
  /** Runs `scripts/<name>` (or `install.sh`), as a user would from the project folder. */
  run(script: string, args?: readonly string[], options?: RunOptions): Promise<ScriptRun>;
  /** Replaces .env with these lines. */
  writeEnv(values: Record<string, string | number>): void;
  pid(service: string): number;
  /** Runs stop-all, kills whatever still runs from the folder, and deletes it. */
  dispose(): Promise<void>;
}

const BUILT = [
  'dist/apps/hub-api',
  'dist/apps/hub-bot',
  'dist/apps/remote-hook',
  'dist/tools/scripts',
];

export function assertBuilt(): void {
  const missing = BUILT.filter((dir) => !existsSync(join(workspaceRoot, dir, 'main.js')));
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} missing: run "npx nx run-many -t build -p hub-api hub-bot remote-hook scripts" first`,
    );
  }
}

/** Pids of the processes whose command line contains `text`, found through /proc. */
export function pidsMatching(text: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(text)) pids.push(Number(name));
    } catch {
      // exited while being read
    }
  }
  return pids;
}

export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export function commandLine(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
}

/** Runs a program in a process group of its own, with exactly `env`. */
export function runProgram(
  file: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs: number },
): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${options.timeoutMs} ms]`;
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function createProject(prefix: string): Promise<TestProject> {
  assertBuilt();
  const base = await makeTempDir(prefix);
  const root = join(base, 'ccr');
  const home = join(base, 'home');
  mkdirSync(home, { recursive: true });
  mkdirSync(join(root, 'tools', 'scripts'), { recursive: true });

  const copy = (path: string): void =>
    cpSync(join(workspaceRoot, path), join(root, path), {
      recursive: true,
      verbatimSymlinks: true,
    });
  for (const path of [
    'install.sh',
    'scripts',
    'tools/scripts/lib',
    '.env.example',
    'config/servers.example.json',
    'package.json',
    'package-lock.json',
    'nx.json',
    ...BUILT,
  ]) {
    copy(path);
  }
  for (const file of readdirSync(join(workspaceRoot, 'tools', 'scripts'))) {
    if (file.endsWith('.sh')) copy(join('tools', 'scripts', file));
  }
  symlinkSync(join(workspaceRoot, 'node_modules'), join(root, 'node_modules'));

  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    npm_config_update_notifier: 'false',
  };

  const project: TestProject = {
    root,
    home,
    run(script, args = [], options = {}) {
      const file = script === 'install.sh' ? join(root, script) : join(root, 'scripts', script);
      const env = { ...baseEnv, ...options.env };
      for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
      return runProgram(file, args, {
        env,
        cwd: options.cwd ?? root,
        timeoutMs: options.timeoutMs ?? 60_000,
      });
    },
    writeEnv(values) {
      const text = Object.entries(values)
        .map(([key, value]) => `${key}=${value}\n`)
        .join('');
      writeFileSync(join(root, '.env'), text, { mode: 0o600 });
    },
    pid(service) {
      return Number(readFileSync(join(root, 'run', `${service}.pid`), 'utf8').trim());
    },
    async dispose() {
      await project.run('stop-all.sh', [], { timeoutMs: 60_000 }).catch(() => undefined);
      const leftovers = pidsMatching(root);
      for (const pid of leftovers) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await waitFor(() => leftovers.every((pid) => !isRunning(pid)), {
        timeoutMs: 10_000,
        what: `the processes left in ${root} to end`,
      });
      await removeDir(base);
    },
  };
  return project;
}

/**
 * Waits for the next whole second. The hub refuses a signed request it has already seen, and
 * `remote-hook doctor` signs the same body with a timestamp in whole seconds: two doctor runs
 * within one second look like a replay, so a test that runs install.sh's server mode twice
 * lets a second pass first.
 */
export async function nextSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));
}

/** Lines of a script's output, for exact comparisons. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}
