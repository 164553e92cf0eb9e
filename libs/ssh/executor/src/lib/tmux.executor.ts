import { KeyedSerialQueue } from '@ccr/shared-util';
import { homedir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandRunner, RunResult } from './command-runner.types';
import {
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_KEEPALIVE_COUNT_MAX,
  DEFAULT_KEEPALIVE_INTERVAL_MS,
  DEFAULT_MAX_CHANNELS_PER_SERVER,
  DEFAULT_MAX_TEXT_BYTES,
  DEFAULT_SUBMIT_DELAY_MS,
  DEFAULT_TYPED_WAIT_MS,
  MAX_CAPTURE_LINES,
  TYPED_POLL_MS,
  TYPED_SCREEN_LINES,
} from './executor.constant';
import { ExecutorError, ExecutorErrorCode } from './executor.error';
import type {
  ExecutorLogger,
  ResolvedExecutorOptions,
  SendTextOptions,
  TmuxExecutorOptions,
} from './executor-options.types';
import type { FileAccess, FileInfo, FileSource } from './file-access.types';
import { fileFailed, fileTooLarge } from './file-error.util';
import { LocalCommandRunner } from './local-command.runner';
import {
  assertOpenWindowRequest,
  checkArgv,
  checkedWindow,
  hasSessionArgs,
  isDuplicateSession,
  killWindowArgs,
  newSessionArgs,
  newWindowArgs,
  parseNewWindow,
  windowArgv,
  type OpenedWindow,
  type OpenWindowRequest,
} from './open-window.util';
import type { ServerConfig } from './server-config.types';
import { assertServerConfig, connectionFingerprint } from './server-config.util';
import { SshCommandRunner } from './ssh-command.runner';
import {
  capturePaneArgs,
  deleteBufferArgs,
  loadBufferArgs,
  paneProbeArgs,
  pasteBufferArgs,
  sendKeyNamesArgs,
  sendLiteralArgs,
  tmuxArgv,
  uniqueBufferName,
  versionArgs,
} from './tmux-args.util';
import { isAllowedTmuxKey, MAX_KEYS_PER_CALL } from './tmux-key.constant';
import { isGoneStderr, tmuxFailure } from './tmux-output.util';
import { assertValidPaneTarget } from './tmux-target.util';
import { prepareUserText } from './user-text.util';

/** Folders the executor makes are the user's alone unless the caller says otherwise. */
const DEFAULT_FOLDER_MODE = 0o700;
const DEFAULT_FILE_MODE = 0o600;

const SILENT_LOGGER: ExecutorLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
};

/** Each numeric option's default and the least value that makes sense. */
const NUMERIC_OPTIONS = {
  connectTimeoutMs: [DEFAULT_CONNECT_TIMEOUT_MS, 1],
  commandTimeoutMs: [DEFAULT_COMMAND_TIMEOUT_MS, 1],
  submitDelayMs: [DEFAULT_SUBMIT_DELAY_MS, 0],
  typedWaitMs: [DEFAULT_TYPED_WAIT_MS, 0],
  maxTextBytes: [DEFAULT_MAX_TEXT_BYTES, 1],
  // 0 turns keep-alive off.
  keepaliveIntervalMs: [DEFAULT_KEEPALIVE_INTERVAL_MS, 0],
  keepaliveCountMax: [DEFAULT_KEEPALIVE_COUNT_MAX, 1],
  maxChannelsPerServer: [DEFAULT_MAX_CHANNELS_PER_SERVER, 1],
} as const satisfies Record<string, readonly [number, number]>;

type NumericOption = keyof typeof NUMERIC_OPTIONS;

function resolveOptions(options: TmuxExecutorOptions): ResolvedExecutorOptions {
  const numbers = {} as Record<NumericOption, number>;
  for (const name of Object.keys(NUMERIC_OPTIONS) as NumericOption[]) {
    const [fallback, least] = NUMERIC_OPTIONS[name];
    const value = options[name] ?? fallback;
    if (!Number.isInteger(value) || value < least) {
      throw new RangeError(
        `TmuxExecutor option ${name} must be a whole number of at least ${least}`,
      );
    }
    numbers[name] = value;
  }
  return {
    ...numbers,
    homeDir: options.homeDir ?? homedir(),
    logger: options.logger ?? SILENT_LOGGER,
  };
}

interface RemoteEntry {
  fingerprint: string;
  runner: SshCommandRunner;
}

/**
 * Types into, reads and checks tmux panes on the configured servers. Commands for one pane
 * run one after another in call order; different panes and servers run side by side.
 */
export class TmuxExecutor {
  private readonly options: ResolvedExecutorOptions;
  private readonly queue = new KeyedSerialQueue();
  private readonly remotes = new Map<string, RemoteEntry>();
  private readonly locals = new Map<string, LocalCommandRunner>();
  private closed = false;

  constructor(options: TmuxExecutorOptions = {}) {
    this.options = resolveOptions(options);
  }

  /**
   * Types `text` into the pane and presses Enter. One line is typed with `send-keys -l`;
   * text with newlines or tabs is pasted from a tmux buffer as a bracketed paste, so that its
   * newlines do not submit early. Empty text just presses Enter.
   */
  sendText(
    server: ServerConfig,
    pane: string,
    text: string,
    options: SendTextOptions = {},
  ): Promise<void> {
    return this.paneTask(server, pane, async () => {
      const prepared = prepareUserText(text, this.options.maxTextBytes, server.id);
      return async () => {
        if (prepared.mode === 'line' && prepared.text !== '') {
          await this.tmux(server, sendLiteralArgs(pane, prepared.text), { pane });
        } else if (prepared.mode === 'paste') {
          await this.paste(server, pane, prepared.text);
        }
        if (prepared.text !== '') {
          if (options.shown) await this.untilShown(server, pane, options.shown);
          await sleep(this.options.submitDelayMs);
        }
        await this.tmux(server, sendKeyNamesArgs(pane, ['Enter']), { pane });
      };
    });
  }

  /**
   * Watches the pane until `shown` accepts its screen, for at most `typedWaitMs`; then Enter
   * goes as it would have. Inside the pane's task, so nothing else is typed meanwhile.
   */
  private async untilShown(
    server: ServerConfig,
    pane: string,
    shown: (screen: string) => boolean,
  ): Promise<void> {
    const until = Date.now() + this.options.typedWaitMs;
    for (;;) {
      const { stdout } = await this.tmux(server, capturePaneArgs(pane, TYPED_SCREEN_LINES), {
        pane,
      });
      if (shown(stdout.trimEnd())) return;
      if (Date.now() >= until) {
        this.options.logger.warn(
          { serverId: server.id, pane, waitedMs: this.options.typedWaitMs },
          'the typed text did not show in the pane; pressing Enter anyway',
        );
        return;
      }
      await sleep(TYPED_POLL_MS);
    }
  }

  /** Presses named keys (`Escape`, `Enter`, `C-c`…), only those in ALLOWED_TMUX_KEYS. */
  sendKeys(server: ServerConfig, pane: string, keys: readonly string[]): Promise<void> {
    return this.paneTask(server, pane, async () => {
      if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_KEYS_PER_CALL) {
        throw new ExecutorError(
          ExecutorErrorCode.InvalidKey,
          `Give between 1 and ${MAX_KEYS_PER_CALL} key names to press.`,
          { serverId: server.id },
        );
      }
      const refused = keys.find((key) => !isAllowedTmuxKey(key));
      if (refused !== undefined) {
        throw new ExecutorError(
          ExecutorErrorCode.InvalidKey,
          `"${String(refused).slice(0, 40)}" is not a key that can be pressed remotely.`,
          { serverId: server.id },
        );
      }
      return async () => {
        await this.tmux(server, sendKeyNamesArgs(pane, keys), { pane });
      };
    });
  }

  /**
   * The pane's last `lines` lines of text (wrapped lines joined, trailing blanks and blank
   * lines below the last text left out), from the visible screen and the history above it.
   */
  capturePane(server: ServerConfig, pane: string, lines = 50): Promise<string> {
    return this.paneTask(server, pane, async () => {
      if (!Number.isInteger(lines) || lines < 1 || lines > MAX_CAPTURE_LINES) {
        throw new ExecutorError(
          ExecutorErrorCode.InvalidArgument,
          `The number of lines to capture must be a whole number from 1 to ${MAX_CAPTURE_LINES}.`,
          { serverId: server.id },
        );
      }
      return async () => {
        const { stdout } = await this.tmux(server, capturePaneArgs(pane, lines), { pane });
        const all = stdout.split('\n').map((line) => line.trimEnd());
        while (all.length > 0 && all[all.length - 1] === '') all.pop();
        return all.slice(-lines).join('\n');
      };
    });
  }

  /** Whether the pane exists. False too when no tmux server runs on that socket. */
  paneExists(server: ServerConfig, pane: string): Promise<boolean> {
    return this.paneTask(server, pane, async () => async () => {
      const result = await this.run(server, paneProbeArgs(pane), 'tmux capture-pane');
      if (result.code === 0) return true;
      if (isGoneStderr(result.stderr)) return false;
      throw tmuxFailure(result, { serverId: server.id, pane, label: 'tmux capture-pane' });
    });
  }

  /**
   * Starts a program in a new window of a tmux session (made when missing), in a folder: checks
   * first that the folder is there and the program is found (FolderMissing, CommandNotFound),
   * then opens the window detached, so that nobody attached is moved to it. Folder, program and
   * arguments are data: positional parameters of fixed scripts, never read as shell code.
   */
  async openWindow(server: ServerConfig, request: OpenWindowRequest): Promise<OpenedWindow> {
    this.assertOpen(server);
    assertServerConfig(server);
    assertOpenWindowRequest(request, server.id);
    // One at a time per session, so that two starts never both try to make it.
    return this.queue.run(`${server.id}\u0000session\u0000${request.session}`, async () => {
      const [program = '', ...args] = request.command;
      const check = await this.exec(server, checkArgv(request.folder, program), 'sh');
      const checked = checkedWindow(check, server, request);
      const argv = windowArgv(checked.folder, checked.program, args);
      const exists = await this.run(server, hasSessionArgs(request.session), 'tmux has-session');
      let opened =
        exists.code === 0 ? undefined : await this.newSession(server, request.session, argv);
      opened ??= (await this.tmux(server, newWindowArgs(request.session, argv), {})).stdout;
      return { ...parseNewWindow(opened, server.id), ...checked };
    });
  }

  /**
   * Closes the window that holds the pane (and whatever runs in it). False when it was gone
   * already.
   */
  killWindow(server: ServerConfig, pane: string): Promise<boolean> {
    return this.paneTask(server, pane, async () => async () => {
      const result = await this.run(server, killWindowArgs(pane), 'tmux kill-window');
      if (result.code === 0) return true;
      if (isGoneStderr(result.stderr)) return false;
      throw tmuxFailure(result, { serverId: server.id, pane, label: 'tmux kill-window' });
    });
  }

  /**
   * Milliseconds for one round trip (`tmux -V`) once connected. Fails like any command: with
   * the connection's error, or TmuxMissing when tmux is not installed there.
   */
  async ping(server: ServerConfig): Promise<number> {
    this.assertOpen(server);
    assertServerConfig(server);
    const runner = this.runnerFor(server);
    await runner.prepare();
    const started = performance.now();
    await this.tmux(server, versionArgs(), {});
    return Math.round((performance.now() - started) * 10) / 10;
  }

  /** The (SSH) user's home folder on the server: where `~` leads there. */
  async homeDir(server: ServerConfig): Promise<string> {
    return (await this.filesOf(server)).home();
  }

  /** What is at an absolute path (links followed), or null when nothing is. */
  async fileInfo(server: ServerConfig, path: string): Promise<FileInfo | null> {
    const files = await this.filesOf(server, path);
    return files.stat(path);
  }

  /** The absolute path with every symbolic link resolved, as the server sees it. */
  async realPath(server: ServerConfig, path: string): Promise<string> {
    const files = await this.filesOf(server, path);
    return files.realpath(path);
  }

  /**
   * Makes the folder and any missing folder above it, each with `mode` (0700 unless given);
   * folders already there are left as they are.
   */
  async makeDirectory(
    server: ServerConfig,
    path: string,
    options: { mode?: number } = {},
  ): Promise<void> {
    const files = await this.filesOf(server, path);
    const mode = options.mode ?? DEFAULT_FOLDER_MODE;
    const parts = path.split('/').filter(Boolean);
    for (let depth = 1; depth <= parts.length; depth += 1) {
      const folder = `/${parts.slice(0, depth).join('/')}`;
      const found = await files.stat(folder);
      if (found?.kind === 'directory') continue;
      if (found) {
        throw fileFailed(
          { serverId: server.id, operation: 'create the folder', path },
          `${folder} is there and is not a folder`,
        );
      }
      try {
        await files.mkdir(folder, mode);
      } catch (error) {
        // Another call made it in the meantime.
        if ((await files.stat(folder).catch(() => null))?.kind !== 'directory') throw error;
      }
    }
  }

  /**
   * Writes a new file (FileExists when anything, even a dangling link, is at the path) with
   * `mode` (0600 unless given), from bytes or from chunks as they arrive. More than `maxBytes`
   * fails with FileTooLarge. On any failure, that of the source included (whose own error is
   * passed on), what was written is removed again. Resolves with the bytes written.
   */
  async writeFile(
    server: ServerConfig,
    path: string,
    data: FileSource,
    options: { maxBytes: number; mode?: number },
  ): Promise<number> {
    const files = await this.filesOf(server, path);
    let written = 0;
    const counted = async function* (): AsyncGenerator<Uint8Array> {
      const source: AsyncIterable<Uint8Array> =
        data instanceof Uint8Array
          ? (async function* () {
              yield data;
            })()
          : data;
      for await (const chunk of source) {
        written += chunk.byteLength;
        if (written > options.maxBytes) {
          throw fileTooLarge({ serverId: server.id, operation: 'write', path }, options.maxBytes);
        }
        yield chunk;
      }
    };
    // The file is open (made by this call) once its first chunk is asked for; a failure
    // before that, such as FileExists, leaves what is there alone.
    let opened = false;
    try {
      await files.write(
        path,
        (async function* () {
          opened = true;
          yield* counted();
        })(),
        options.mode ?? DEFAULT_FILE_MODE,
      );
      return written;
    } catch (error) {
      if (opened) await files.remove(path).catch(() => undefined);
      throw error;
    }
  }

  /** The whole file, if it holds at most `maxBytes` (FileTooLarge otherwise). */
  async readFile(
    server: ServerConfig,
    path: string,
    options: { maxBytes: number },
  ): Promise<Buffer> {
    const files = await this.filesOf(server, path);
    return files.read(path, options.maxBytes);
  }

  /** Ends every SSH connection; later calls fail with Closed. */
  async close(): Promise<void> {
    this.closed = true;
    const runners = [...this.remotes.values()].map((entry) => entry.runner);
    this.remotes.clear();
    this.locals.clear();
    await Promise.all(runners.map((runner) => runner.close()));
  }

  /**
   * Checks what can be checked before queueing, so that a bad call fails at once, then runs
   * the returned step in the pane's queue.
   */
  /** The server's files, after the checks every call gets; `path` must be absolute. */
  private async filesOf(server: ServerConfig, path?: string): Promise<FileAccess> {
    this.assertOpen(server);
    assertServerConfig(server);
    if (path !== undefined && (!path.startsWith('/') || path.includes('\u0000'))) {
      throw new ExecutorError(
        ExecutorErrorCode.InvalidArgument,
        `A path on server "${server.id}" must be absolute and hold no NUL character.`,
        { serverId: server.id },
      );
    }
    return this.runnerFor(server).files(this.options.commandTimeoutMs);
  }

  private async paneTask<T>(
    server: ServerConfig,
    pane: string,
    check: () => Promise<() => Promise<T>>,
  ): Promise<T> {
    this.assertOpen(server);
    assertServerConfig(server);
    assertValidPaneTarget(pane, server.id);
    const step = await check();
    return this.queue.run(`${server.id}\u0000${pane}`, step);
  }

  /** The new session's first window, or undefined when another command made the session first. */
  private async newSession(
    server: ServerConfig,
    session: string,
    argv: readonly string[],
  ): Promise<string | undefined> {
    const label = 'tmux new-session';
    const result = await this.run(server, newSessionArgs(session, argv), label);
    if (result.code === 0) return result.stdout;
    if (isDuplicateSession(result.stderr)) return undefined;
    throw tmuxFailure(result, { serverId: server.id, label });
  }

  private async paste(server: ServerConfig, pane: string, text: string): Promise<void> {
    const buffer = uniqueBufferName();
    await this.tmux(server, loadBufferArgs(buffer), { pane, stdin: text });
    try {
      await this.tmux(server, pasteBufferArgs(pane, buffer), { pane });
    } catch (error) {
      // paste-buffer -d deletes the buffer only when the paste happened.
      await this.run(server, deleteBufferArgs(buffer), 'tmux delete-buffer').catch(() => undefined);
      throw error;
    }
  }

  /** Runs a tmux command and turns a non-zero exit into an ExecutorError. */
  private async tmux(
    server: ServerConfig,
    args: string[],
    context: { pane?: string; stdin?: string },
  ): Promise<RunResult> {
    const label = `tmux ${args[0]}`;
    const result = await this.run(server, args, label, context.stdin);
    if (result.code !== 0)
      throw tmuxFailure(result, { serverId: server.id, pane: context.pane, label });
    return result;
  }

  /** Runs a tmux command on the server; any exit code resolves. */
  private run(
    server: ServerConfig,
    args: string[],
    label: string,
    stdin?: string,
  ): Promise<RunResult> {
    return this.exec(server, tmuxArgv(server, args), label, stdin);
  }

  /** Runs a program (an argv, never a shell command line) on the server. */
  private exec(
    server: ServerConfig,
    argv: readonly string[],
    label: string,
    stdin?: string,
  ): Promise<RunResult> {
    this.assertOpen(server);
    return this.runnerFor(server).run(argv, {
      label,
      stdin,
      timeoutMs: this.options.commandTimeoutMs,
    });
  }

  private runnerFor(server: ServerConfig): CommandRunner {
    if (server.type === 'local') {
      this.forgetRemote(server.id);
      let local = this.locals.get(server.id);
      if (!local) {
        local = new LocalCommandRunner(server.id, this.options.homeDir);
        this.locals.set(server.id, local);
      }
      return local;
    }
    const fingerprint = connectionFingerprint(server);
    const existing = this.remotes.get(server.id);
    if (existing?.fingerprint === fingerprint) return existing.runner;
    // The server's entry changed (new host, key…): its old connection is of no more use.
    if (existing) this.forgetRemote(server.id);
    const runner = new SshCommandRunner(server, {
      connectTimeoutMs: this.options.connectTimeoutMs,
      keepaliveIntervalMs: this.options.keepaliveIntervalMs,
      keepaliveCountMax: this.options.keepaliveCountMax,
      maxChannels: this.options.maxChannelsPerServer,
      homeDir: this.options.homeDir,
      logger: this.options.logger,
    });
    this.remotes.set(server.id, { fingerprint, runner });
    return runner;
  }

  private forgetRemote(serverId: string): void {
    const entry = this.remotes.get(serverId);
    if (!entry) return;
    this.remotes.delete(serverId);
    void entry.runner.close();
  }

  private assertOpen(server: ServerConfig): void {
    if (this.closed) {
      throw new ExecutorError(ExecutorErrorCode.Closed, 'The executor is closed.', {
        serverId: server?.id,
      });
    }
  }
}
