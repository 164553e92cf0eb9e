import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { NodeSSH } from 'node-ssh';
import type { CommandRunner, RunOptions, RunResult } from './command-runner.types';
import { DEFAULT_SSH_PORT } from './executor.constant';
import { ExecutorError, ExecutorErrorCode } from './executor.error';
import type { ExecutorLogger } from './executor-options.types';
import { expandHome } from './expand-home.util';
import { Semaphore } from './semaphore.util';
import type { KnownHostEntry } from './known-hosts.util';
import { checkHostKey, parseKnownHosts, preferredHostKeyAlgorithms } from './known-hosts.util';
import { toShellCommand } from './quote-shell-arg.util';
import type { RemoteServerConfig } from './server-config.types';
import type { ConnectContext } from './ssh-error.util';
import { connectError, timeoutError } from './ssh-error.util';
import type { Ssh2Channel, Ssh2Client, Ssh2Error, Ssh2Sftp } from './ssh2.types';
import type { FileAccess } from './file-access.types';
import { fileFailed } from './file-error.util';
import { SftpFileAccess } from './sftp-file.access';

export interface SshRunnerSettings {
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  maxChannels: number;
  homeDir: string;
  logger: ExecutorLogger;
}

interface LiveConnection {
  ssh: NodeSSH;
  client: Ssh2Client;
  alive: boolean;
  socketClosed: boolean;
  /** The SFTP session file transfers share, opened on first use. */
  sftp?: Promise<Ssh2Sftp>;
}

/** The channel for a command never opened: the command did not run and may be retried. */
class CommandNotStarted extends Error {}

/** Tries to open a channel that a live server refuses, and the pause before each next one. */
const CHANNEL_ATTEMPTS = 5;
const CHANNEL_RETRY_MS = 50;

/** How long a closing connection may take to say goodbye before its socket is destroyed. */
const GOODBYE_MS = 1_000;

function destroyClient(client: Ssh2Client): void {
  client.destroy();
  // Once end() was called ssh2's destroy() does nothing (the socket is no longer writable).
  client._sock?.destroy();
}

/**
 * One SSH connection to one server, opened on first use and shared by every command. A
 * connection that dropped is noticed (close event, keep-alive, a timed-out command) and the
 * next command opens a new one.
 */
export class SshCommandRunner implements CommandRunner {
  private live: LiveConnection | undefined;
  private connecting: Promise<LiveConnection> | undefined;
  private closed = false;
  private readonly channels: Semaphore;

  constructor(
    private readonly server: RemoteServerConfig,
    private readonly settings: SshRunnerSettings,
  ) {
    this.channels = new Semaphore(settings.maxChannels);
  }

  async prepare(): Promise<void> {
    await this.connection();
  }

  async run(argv: readonly string[], options: RunOptions): Promise<RunResult> {
    const command = toShellCommand(argv);
    return this.channels.run(async () => {
      let reconnected = false;
      for (let attempt = 1; ; attempt += 1) {
        const live = await this.connection();
        try {
          return await this.exec(live, command, options);
        } catch (error) {
          if (!(error instanceof CommandNotStarted)) throw error;
          // The command did not run, so trying again is safe.
          if (live.alive && attempt < CHANNEL_ATTEMPTS) {
            // A live server refused the channel: sshd still counts sessions that have just
            // closed against MaxSessions for a moment. A slot frees up shortly.
            await sleep(CHANNEL_RETRY_MS * attempt);
            continue;
          }
          if (!live.alive && !reconnected) {
            // The link died unnoticed before the channel opened: one fresh connection.
            reconnected = true;
            this.drop(live, 'a channel could not be opened');
            continue;
          }
          throw live.alive
            ? this.refusedError(options.label, error.cause)
            : this.lostError(options.label, error.cause, false);
        }
      }
    });
  }

  /**
   * Files on the server over SFTP, on this same connection: one SFTP session, opened on first
   * use and kept, as a channel of its own beside the commands'.
   */
  async files(timeoutMs: number): Promise<FileAccess> {
    const live = await this.connection();
    if (!live.sftp) {
      const opening = this.openSftp(live);
      live.sftp = opening;
      opening.catch(() => {
        if (live.sftp === opening) live.sftp = undefined;
      });
    }
    const sftp = await live.sftp;
    return new SftpFileAccess({
      sftp,
      serverId: this.server.id,
      timeoutMs,
      timedOut: (operation) => {
        this.drop(live, 'an SFTP request timed out');
        return new ExecutorError(
          ExecutorErrorCode.CommandTimeout,
          `${operation} did not finish within ${timeoutMs} ms on server "${this.server.id}" ` +
            `(${this.server.host}). The connection was reset; check the network.`,
          { serverId: this.server.id },
        );
      },
      lost: (operation, cause) => (live.alive ? undefined : this.lostError(operation, cause, true)),
    });
  }

  private async openSftp(live: LiveConnection): Promise<Ssh2Sftp> {
    return this.channels.run(async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          // node-ssh leaves the SFTP wrapper untyped (ssh2 has no declarations); see Ssh2Sftp.
          const sftp = (await live.ssh.requestSFTP()) as unknown as Ssh2Sftp;
          const forget = (): void => {
            if (live.sftp !== undefined) live.sftp = undefined;
          };
          sftp.on('close', forget);
          sftp.on('error', forget);
          return sftp;
        } catch (error) {
          const message = (error as Error).message ?? '';
          // As for commands: sshd may still count sessions that have just closed.
          if (live.alive && /channel open failure/i.test(message) && attempt < CHANNEL_ATTEMPTS) {
            await sleep(CHANNEL_RETRY_MS * attempt);
            continue;
          }
          if (!live.alive) throw this.lostError('opening SFTP', error, false);
          throw fileFailed(
            { serverId: this.server.id, operation: 'open SFTP to', path: this.server.host },
            `${message || 'refused'} (sshd there must offer SFTP: "Subsystem sftp" in its sshd_config)`,
            error,
          );
        }
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const live = this.live;
    this.live = undefined;
    if (live) await this.shutdown(live);
    // An attempt still under way sees `closed` when it finishes and shuts itself down.
    await this.connecting?.catch(() => undefined);
  }

  private connection(): Promise<LiveConnection> {
    if (this.closed) {
      return Promise.reject(
        new ExecutorError(ExecutorErrorCode.Closed, 'The executor is closed.', {
          serverId: this.server.id,
        }),
      );
    }
    if (this.live?.alive) return Promise.resolve(this.live);
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<LiveConnection> {
    const { server, settings } = this;
    const port = server.port ?? DEFAULT_SSH_PORT;
    const ctx: ConnectContext = {
      serverId: server.id,
      host: server.host,
      port,
      user: server.user,
      keyPath: expandHome(server.keyPath, settings.homeDir),
      knownHostsPath: expandHome(server.knownHostsPath ?? '~/.ssh/known_hosts', settings.homeDir),
      knownHostsMissing: false,
      connectTimeoutMs: settings.connectTimeoutMs,
    };
    const privateKey = await this.readPrivateKey(ctx);
    const strict = server.strictHostKeyChecking !== false;
    const entries = strict ? await this.readKnownHosts(ctx) : [];

    const ssh = new NodeSSH();
    let timer: NodeJS.Timeout | undefined;
    // ssh2's readyTimeout bounds the handshake; this bounds everything else around it too.
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError(ctx)), settings.connectTimeoutMs + 1_000);
    });
    try {
      const preferred = strict ? preferredHostKeyAlgorithms(entries, server.host, port) : undefined;
      await Promise.race([
        ssh.connect({
          host: server.host,
          port,
          username: server.user,
          privateKey,
          tryKeyboard: false,
          readyTimeout: settings.connectTimeoutMs,
          keepaliveInterval: settings.keepaliveIntervalMs,
          keepaliveCountMax: settings.keepaliveCountMax,
          ...(preferred ? { algorithms: { serverHostKey: preferred } } : {}),
          ...(strict
            ? {
                hostVerifier: (key: Buffer): boolean => {
                  ctx.presentedKey = key;
                  ctx.hostKeyCheck = checkHostKey(entries, server.host, port, key);
                  return ctx.hostKeyCheck.status === 'known';
                },
              }
            : {}),
        }),
        guard,
      ]);
    } catch (error) {
      this.destroyQuietly(ssh);
      const mapped = connectError(error, ctx);
      settings.logger.warn(
        { serverId: server.id, host: server.host, port, code: mapped.code },
        'ssh connect failed',
      );
      throw mapped;
    } finally {
      clearTimeout(timer);
    }

    // node-ssh leaves `connection` untyped (ssh2 has no declarations); see Ssh2Client.
    const client = ssh.connection as Ssh2Client;
    // Without it every small command waits on Nagle's algorithm and delayed ACKs (~40 ms).
    client.setNoDelay(true);
    const live: LiveConnection = { ssh, client, alive: true, socketClosed: false };
    const lost = (reason: string): void => {
      if (!live.alive) return;
      live.alive = false;
      if (this.live === live) this.live = undefined;
      settings.logger.info({ serverId: server.id, reason }, 'ssh connection closed');
    };
    client.on('error', (error: Ssh2Error) => lost(error.message));
    client.on('end', () => lost('ended'));
    client.on('close', () => {
      live.socketClosed = true;
      lost('closed');
    });

    if (this.closed) {
      await this.shutdown(live);
      throw new ExecutorError(ExecutorErrorCode.Closed, 'The executor is closed.', {
        serverId: server.id,
      });
    }
    this.live = live;
    settings.logger.debug({ serverId: server.id, host: server.host, port }, 'ssh connected');
    return live;
  }

  private exec(live: LiveConnection, command: string, options: RunOptions): Promise<RunResult> {
    return new Promise<RunResult>((resolve, reject) => {
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let channel: Ssh2Channel | undefined;
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        channel?.close();
        // tmux answers in milliseconds; silence usually means a link that died without a
        // word, which keep-alive has not noticed yet. Start afresh next time.
        this.drop(live, 'a command timed out');
        reject(
          new ExecutorError(
            ExecutorErrorCode.CommandTimeout,
            `${options.label} did not finish within ${options.timeoutMs} ms on server ` +
              `"${this.server.id}" (${this.server.host}). The connection was reset; check the ` +
              'network and whether tmux there is hung.',
            { serverId: this.server.id },
          ),
        );
      }, options.timeoutMs);
      const finish = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };

      live.ssh
        .execCommand(command, {
          // The text to paste travels on stdin, never on the command line.
          stdin: options.stdin,
          noTrim: true,
          onChannel: (opened: Ssh2Channel) => {
            channel = opened;
          },
          // Collected as bytes: node-ssh decodes chunk by chunk, which can split a character.
          onStdout: (chunk: Buffer) => stdout.push(chunk),
          onStderr: (chunk: Buffer) => stderr.push(chunk),
        })
        .then(
          (response) => {
            finish(() => {
              if (response.code === null && response.signal === null && !live.alive) {
                reject(this.lostError(options.label, undefined, true));
                return;
              }
              resolve({
                code: response.code,
                stdout: Buffer.concat(stdout).toString('utf8'),
                stderr: Buffer.concat(stderr).toString('utf8'),
              });
            });
          },
          (error: unknown) => {
            finish(() =>
              reject(
                channel === undefined
                  ? new CommandNotStarted('channel not opened', { cause: error })
                  : this.lostError(options.label, error, true),
              ),
            );
          },
        );
    });
  }

  private refusedError(label: string, cause: unknown): ExecutorError {
    return new ExecutorError(
      ExecutorErrorCode.ServerUnreachable,
      `sshd on server "${this.server.id}" (${this.server.host}) refused ${CHANNEL_ATTEMPTS} ` +
        `times to open a session for ${label}: ${(cause as Error | undefined)?.message ?? 'no reason given'}. ` +
        'Check MaxSessions in its sshd_config and its log.',
      { serverId: this.server.id, cause },
    );
  }

  private lostError(label: string, cause: unknown, mayHaveRun: boolean): ExecutorError {
    const port = this.server.port ?? DEFAULT_SSH_PORT;
    return new ExecutorError(
      ExecutorErrorCode.ServerUnreachable,
      `The SSH connection to server "${this.server.id}" (${this.server.host}:${port}) was lost ` +
        `during ${label}${mayHaveRun ? ', which may or may not have run' : ''}. Check the ` +
        'network and sshd there; the next command reconnects.',
      { serverId: this.server.id, cause },
    );
  }

  private drop(live: LiveConnection, reason: string): void {
    if (this.live === live) this.live = undefined;
    if (live.alive) {
      live.alive = false;
      this.settings.logger.info({ serverId: this.server.id, reason }, 'ssh connection dropped');
    }
    // A suspect link gets no goodbye: a dead peer would never answer it.
    destroyClient(live.client);
    live.ssh.dispose();
  }

  /**
   * Says goodbye and waits for the socket to close; a peer that does not answer in time gets
   * its socket destroyed.
   */
  private async shutdown(live: LiveConnection): Promise<void> {
    live.alive = false;
    if (!live.socketClosed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          destroyClient(live.client);
          resolve();
        }, GOODBYE_MS);
        live.client.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        live.client.end();
      });
    }
    live.ssh.dispose();
  }

  private destroyQuietly(ssh: NodeSSH): void {
    const client = ssh.connection as Ssh2Client | null;
    if (client) destroyClient(client);
    ssh.dispose();
  }

  private async readPrivateKey(ctx: ConnectContext): Promise<string> {
    try {
      return await readFile(ctx.keyPath, 'utf8');
    } catch (error) {
      throw new ExecutorError(
        ExecutorErrorCode.AuthFailed,
        `Cannot read the private key ${ctx.keyPath} for server "${ctx.serverId}": ` +
          `${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Check the ` +
          'server\'s "keyPath" and that the hub may read the file.',
        { serverId: ctx.serverId, cause: error },
      );
    }
  }

  private async readKnownHosts(ctx: ConnectContext): Promise<KnownHostEntry[]> {
    try {
      return parseKnownHosts(await readFile(ctx.knownHostsPath, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        // An absent file knows no host; the handshake then reports the key it was shown.
        ctx.knownHostsMissing = true;
        return [];
      }
      throw new ExecutorError(
        ExecutorErrorCode.HostKeyUnknown,
        `Cannot read ${ctx.knownHostsPath} to check the host key of server "${ctx.serverId}": ` +
          `${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
        { serverId: ctx.serverId, cause: error },
      );
    }
  }
}
