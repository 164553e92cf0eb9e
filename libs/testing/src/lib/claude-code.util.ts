import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { REMOTE_HOOK_MAIN } from './built-app.util';
import { claudeCodeInstall } from './claude-code-binary.util';
import { CLAUDE_CODE_OFFLINE_ENV, FAKE_ANTHROPIC_API_KEY } from './claude-code.constant';
import { isIdleScreen, promptBoxOf, showsTyped } from '@ccr/claude-screen';
import { isAlive } from './process-tree.util';
import type { TestTmuxServer, TmuxServerUser } from './tmux.util';
import { assertUserCanUse } from './user-access.util';
import { waitFor } from './wait-for.util';

/** The hub `remote-hook install` points the hooks at. */
export interface ClaudeHooksTarget {
  /** This machine's id in the hub's servers.json. */
  serverId: string;
  /** The hub's `/notify` URL. */
  endpoint: string;
  secret: string;
  /** How long a permission request waits for an answer from Telegram; the CLI's default when absent. */
  permissionTimeoutSeconds?: number;
}

export interface ClaudeHomeOptions {
  /** The model server: a FakeAnthropicApi's `baseUrl`. */
  apiBaseUrl: string;
  /** Runs the built `remote-hook install` against this hub; absent: no hooks (until installHooks). */
  hooks?: ClaudeHooksTarget;
  /**
   * `default` asks before running a tool, as the tests need (Claude Code's own default is now
   * "auto", which decides by itself); `plan` starts in plan mode. Default `default`.
   */
  permissionMode?: 'default' | 'plan';
  /**
   * Project folders (`$HOME/projects/<name>`) made and trusted, as if Claude had run there
   * before; a folder not listed asks whether to trust it. Default `['project']`.
   */
  trusted?: readonly string[];
  /**
   * `$HOME/.claude/settings.json` as the person had it before `remote-hook install` (which
   * keeps what is there): hooks of their own, other settings.
   */
  settings?: Record<string, unknown>;
  /** More environment for Claude Code, and so for its hooks. */
  env?: Readonly<Record<string, string>>;
}

export interface StartClaudeCodeOptions extends Omit<ClaudeHomeOptions, 'trusted'> {
  /** The project folder's name, in `$HOME/projects/` (trusted); default `project`. */
  project?: string;
  width?: number;
  height?: number;
  /** How long Claude Code may take to show its prompt box; default 30 000 ms. */
  readyTimeoutMs?: number;
}

/**
 * A `$HOME` for the pinned Claude Code on a tmux server's machine, as its user: `.claude.json`
 * as after the first-run screens, project folders, the hooks the built `remote-hook install`
 * writes, and the command that runs Claude there offline against the fake model server.
 */
export interface ClaudeHome {
  readonly home: string;
  readonly user?: TmuxServerUser;
  /** The folder remote-hook spools undelivered events to. */
  readonly spoolDir: string;
  /** The environment Claude Code runs with: HOME, PATH, the model server, offline switches. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * The argv that starts Claude Code in this home with that environment (`env NAME=value …
   * claude --permission-mode …`): what servers.json's `claudeCommand` holds in the tests, so that
   * hub-bot's /new starts the real thing.
   */
  readonly command: readonly string[];
  /** `$HOME/projects/<name>`, made and owned by the home's user (trusted only if listed). */
  project(name: string): string;
  /** Runs the built remote-hook CLI as the home's user with its HOME (`install`, `flush`…). */
  remoteHook(
    args: readonly string[],
    env?: Readonly<Record<string, string>>,
  ): Promise<RemoteHookRun>;
  /** Runs `remote-hook install` against a hub (again). */
  installHooks(target: ClaudeHooksTarget): Promise<RemoteHookRun>;
  /** The events waiting in remote-hook's spool (its `*.json` files), oldest first. */
  spooled(): string[];
}

export interface AttachClaudeCodeOptions {
  /** The folder Claude Code runs in. */
  cwd: string;
}

export interface ScreenWaitOptions {
  /** Default 20 000. */
  timeoutMs?: number;
  what?: string;
}

export interface RemoteHookRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The real Claude Code in a tmux pane, ready for input; its home's folders and remote-hook runs
 * as the home has them.
 */
export interface ClaudeCodePane extends Pick<
  ClaudeHome,
  'home' | 'user' | 'spoolDir' | 'remoteHook' | 'installHooks' | 'spooled'
> {
  readonly paneId: string;
  /** The tmux session the pane is in (its only pane, window 0). */
  readonly session: string;
  /** Claude Code's process (the pane's). */
  readonly pid: number;
  /** The project folder it runs in (trusted). */
  readonly cwd: string;
  /** The visible screen, as `tmux capture-pane -p` prints it. */
  screen(): Promise<string>;
  /** Resolves with the screen once `test` accepts it; the timeout error shows the last screen. */
  waitForScreen(
    test: RegExp | string | ((screen: string) => boolean),
    options?: ScreenWaitOptions,
  ): Promise<string>;
  /** Waits until the prompt box is shown, empty, with no turn running. */
  waitForIdle(options?: ScreenWaitOptions): Promise<string>;
  /**
   * Types one short line at the terminal as a person would, waits until the prompt box shows
   * it, and presses Enter.
   */
  type(text: string): Promise<void>;
  /** Presses keys by tmux name (`Escape`, `Enter`, `BTab`…). */
  press(...keys: string[]): Promise<void>;
  /**
   * Answers the dialog on the screen (a permission, a question) with keys, once it takes
   * them, and waits until the prompt box is back.
   */
  answerDialog(...keys: string[]): Promise<void>;
  /** Ends Claude Code (kills its pane) and waits for its process to end. */
  stop(): Promise<void>;
}

/**
 * Starts `claude` in a shell-less pane with an environment of its own (`env -i`), keeping only
 * what tmux gives the pane: remote-hook finds its pane through TMUX and TMUX_PANE.
 */
const LAUNCH = 'exec env -i TMUX="$TMUX" TMUX_PANE="$TMUX_PANE" TERM="$TERM" "$@"';

/**
 * Claude Code's dialogs drop the keys that reach them in their first moment (about 0.1 s here),
 * so that a key typed just as one opens does not answer it. Nothing on the screen tells when
 * that moment ends: a dialog gets its keys this long after it shows.
 */
const DIALOG_KEY_GRACE_MS = 500;

let started = 0;

function run(
  argv: readonly string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<RemoteHookRun> {
  const [program = 'true', ...args] = argv;
  return new Promise((resolve) => {
    execFile(
      program,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `argv` as `user` (runuser) or as this process's user. */
function asUser(user: TmuxServerUser | undefined, argv: readonly string[]): string[] {
  return user ? ['runuser', '-u', user.name, '--', ...argv] : [...argv];
}

function chownTree(path: string, user: TmuxServerUser): void {
  chownSync(path, user.uid, user.gid);
  if (!lstatSync(path).isDirectory()) return;
  for (const name of readdirSync(path)) chownTree(join(path, name), user);
}

/**
 * What `$HOME/.claude.json` holds after a person has gone through Claude Code's first-run
 * screens: onboarding done, the API key approved (by its last 20 characters), the project
 * folders trusted.
 */
export function claudeUserConfig(
  trusted: readonly string[],
  apiKey = FAKE_ANTHROPIC_API_KEY,
): string {
  return `${JSON.stringify(
    {
      hasCompletedOnboarding: true,
      customApiKeyResponses: { approved: [apiKey.slice(-20)], rejected: [] },
      projects: Object.fromEntries(trusted.map((cwd) => [cwd, { hasTrustDialogAccepted: true }])),
    },
    null,
    2,
  )}\n`;
}

/** tmux reads a final `;` of an argument as the end of its command; `\;` is a literal `;`. */
function literalTmuxArg(text: string): string {
  return text.endsWith(';') ? `${text.slice(0, -1)}\\;` : text;
}

/**
 * Prepares a `$HOME` for the pinned Claude Code (see CLAUDE_CODE_VERSION) on `tmux`'s machine,
 * as its user, and, when `hooks` is given, installs the hooks the built `remote-hook install`
 * writes. Checks first, as that user, that the binary, Node and the built CLI can be run.
 */
export async function prepareClaudeHome(
  tmux: TestTmuxServer,
  options: ClaudeHomeOptions,
): Promise<ClaudeHome> {
  const { binary } = claudeCodeInstall();
  const user = tmux.user;
  if (user) await assertUserCanUse(user.name, binary, 'x');
  /** The built CLI, checked once it is needed: a Claude without hooks does without it. */
  let cliChecked = false;
  const checkCli = async (): Promise<void> => {
    if (cliChecked) return;
    if (!existsSync(REMOTE_HOOK_MAIN)) {
      throw new Error(`${REMOTE_HOOK_MAIN} is missing: build it first (npx nx build remote-hook)`);
    }
    if (user) {
      await assertUserCanUse(user.name, process.execPath, 'x');
      await assertUserCanUse(user.name, REMOTE_HOOK_MAIN, 'r');
    }
    cliChecked = true;
  };

  started += 1;
  const root = join(realpathSync(tmux.dir), `claude-${started}-${randomBytes(3).toString('hex')}`);
  const home = join(root, 'home');
  const projects = join(home, 'projects');
  const project = (name: string): string => {
    const path = join(projects, name);
    mkdirSync(path, { recursive: true });
    if (user) chownTree(root, user);
    return path;
  };
  mkdirSync(projects, { recursive: true });
  const trusted = (options.trusted ?? ['project']).map(project);
  writeFileSync(join(home, '.claude.json'), claudeUserConfig(trusted), { mode: 0o600 });
  if (options.settings) {
    mkdirSync(join(home, '.claude'));
    writeFileSync(
      join(home, '.claude', 'settings.json'),
      `${JSON.stringify(options.settings, null, 2)}\n`,
    );
  }
  if (user) chownTree(root, user);

  const baseEnv: Record<string, string> = {
    HOME: home,
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    TZ: 'UTC',
  };
  const remoteHook = async (
    args: readonly string[],
    env: Readonly<Record<string, string>> = {},
  ): Promise<RemoteHookRun> => {
    await checkCli();
    const assignments = Object.entries({ ...baseEnv, ...env }).map(([k, v]) => `${k}=${v}`);
    return run(
      asUser(user, ['env', '-i', ...assignments, process.execPath, REMOTE_HOOK_MAIN, ...args]),
      { cwd: home },
    );
  };
  const installHooks = async (target: ClaudeHooksTarget): Promise<RemoteHookRun> => {
    const result = await remoteHook(['install'], {
      SERVER_ID: target.serverId,
      CENTRAL_HUB_ENDPOINT: target.endpoint,
      SHARED_SECRET: target.secret,
      ...(target.permissionTimeoutSeconds === undefined
        ? {}
        : { PERMISSION_TIMEOUT: String(target.permissionTimeoutSeconds) }),
    });
    if (result.code !== 0) {
      throw new Error(
        `remote-hook install failed (${result.code}): ${result.stderr}${result.stdout}`,
      );
    }
    return result;
  };
  if (options.hooks) await installHooks(options.hooks);

  const env: Record<string, string> = {
    ...baseEnv,
    ANTHROPIC_BASE_URL: options.apiBaseUrl,
    ANTHROPIC_API_KEY: FAKE_ANTHROPIC_API_KEY,
    ...CLAUDE_CODE_OFFLINE_ENV,
    ...options.env,
  };
  const spoolDir = join(home, '.local', 'state', 'ccr', 'spool');
  return {
    home,
    user,
    spoolDir,
    env,
    command: [
      'env',
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
      binary,
      '--permission-mode',
      options.permissionMode ?? 'default',
    ],
    project,
    remoteHook,
    installHooks,
    spooled: () =>
      existsSync(spoolDir)
        ? readdirSync(spoolDir)
            .filter((name) => name.endsWith('.json'))
            .sort()
        : [],
  };
}

/**
 * Starts the pinned Claude Code (see CLAUDE_CODE_VERSION) in a new session of `tmux`, as the
 * server's user, offline against `apiBaseUrl`, in a fresh `$HOME` with its first-run screens
 * answered and, when `hooks` is given, the hooks that the built `remote-hook install` writes.
 * Resolves once its prompt box shows.
 */
export async function startClaudeCode(
  tmux: TestTmuxServer,
  options: StartClaudeCodeOptions,
): Promise<ClaudeCodePane> {
  const projectName = options.project ?? 'project';
  const home = await prepareClaudeHome(tmux, { ...options, trusted: [projectName] });
  const cwd = home.project(projectName);
  // Nothing of this process's environment: only the home's, and what tmux gives the pane.
  const [, ...assignmentsAndArgv] = home.command;
  const { paneId } = await tmux.newPane(
    ['sh', '-c', LAUNCH, 'claude-code', ...assignmentsAndArgv],
    {
      cwd,
      width: options.width,
      height: options.height,
    },
  );
  const pane = await attachClaudeCode(tmux, paneId, home, { cwd });
  try {
    await pane.waitForIdle({
      timeoutMs: options.readyTimeoutMs ?? 30_000,
      what: "Claude Code's prompt box",
    });
  } catch (error) {
    await pane.stop().catch(() => undefined);
    throw error;
  }
  return pane;
}

/**
 * The Claude Code running in a pane of `tmux` with `home` (one the test started, or one hub-bot
 * started with /new): its screen, keys, waits and remote-hook. Resolves at once.
 */
export async function attachClaudeCode(
  tmux: TestTmuxServer,
  paneId: string,
  home: ClaudeHome,
  options: AttachClaudeCodeOptions,
): Promise<ClaudeCodePane> {
  const where = await tmux.tmux([
    'display-message',
    '-p',
    '-t',
    paneId,
    '#{pane_pid} #{session_name}',
  ]);
  if (where.code !== 0) throw new Error(`no pane ${paneId}: ${where.stderr.trim()}`);
  const [pidText = '', session = ''] = where.stdout.trim().split(' ');
  const pid = Number(pidText);

  const screen = async (): Promise<string> => {
    const result = await tmux.tmux(['capture-pane', '-p', '-t', paneId]);
    if (result.code !== 0) {
      throw new Error(`Claude Code's pane ${paneId} is gone: ${result.stderr.trim()}`);
    }
    return result.stdout;
  };
  const waitForScreen = async (
    test: RegExp | string | ((text: string) => boolean),
    wait: ScreenWaitOptions = {},
  ): Promise<string> => {
    const accepts =
      typeof test === 'string'
        ? (text: string) => text.includes(test)
        : test instanceof RegExp
          ? (text: string) => test.test(text)
          : test;
    let last = '';
    try {
      return await waitFor(
        async () => {
          last = await screen();
          return accepts(last) && last;
        },
        { timeoutMs: wait.timeoutMs ?? 20_000, what: wait.what ?? `${String(test)} on the screen` },
      );
    } catch (error) {
      const gone = !isAlive(pid) ? ' (Claude Code has exited)' : '';
      throw new Error(
        `${(error as Error).message}${gone}; pane ${paneId} showed:\n${last.trimEnd()}`,
        { cause: error },
      );
    }
  };
  const waitForIdle = (wait: ScreenWaitOptions = {}): Promise<string> =>
    waitForScreen(isIdleScreen, { what: 'an empty prompt box, no turn running', ...wait });
  const press = async (...keys: string[]): Promise<void> => {
    const result = await tmux.tmux(['send-keys', '-t', paneId, ...keys]);
    if (result.code !== 0) throw new Error(`tmux send-keys failed: ${result.stderr.trim()}`);
  };
  const type = async (text: string): Promise<void> => {
    const typed = await tmux.tmux(['send-keys', '-t', paneId, '-l', '--', literalTmuxArg(text)]);
    if (typed.code !== 0) throw new Error(`tmux send-keys failed: ${typed.stderr.trim()}`);
    // As hub-bot types: Enter only once the box shows the text (see typedInto in hub-bot).
    await waitForScreen((screen) => showsTyped(screen, text), {
      what: `"${text}" in the prompt box`,
    });
    await press('Enter');
    await waitForScreen((text2) => promptBoxOf(text2)?.input === '', {
      what: 'the prompt box to be emptied by Enter',
    });
  };
  const answerDialog = async (...keys: string[]): Promise<void> => {
    await waitForScreen((text) => promptBoxOf(text) === undefined, { what: 'a dialog' });
    await new Promise((resolve) => setTimeout(resolve, DIALOG_KEY_GRACE_MS));
    await press(...keys);
    await waitForScreen((text) => promptBoxOf(text) !== undefined, {
      what: 'the dialog to close and the prompt box to return',
    });
  };
  const stop = async (): Promise<void> => {
    await tmux.tmux(['kill-pane', '-t', paneId]);
    await waitFor(() => !isAlive(pid), { timeoutMs: 10_000, what: `Claude Code (${pid}) to end` });
  };

  return {
    paneId,
    session,
    pid,
    home: home.home,
    cwd: options.cwd,
    spoolDir: home.spoolDir,
    user: home.user,
    screen,
    waitForScreen,
    waitForIdle,
    type,
    press,
    answerDialog,
    remoteHook: home.remoteHook,
    installHooks: home.installHooks,
    spooled: home.spooled,
    stop,
  };
}
