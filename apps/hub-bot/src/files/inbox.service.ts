import { Injectable } from '@nestjs/common';
import type { SessionView } from '@ccr/session-domain';
import {
  ExecutorErrorCode,
  TmuxExecutor,
  isExecutorError,
  type ServerConfig as ExecutorServer,
} from '@ccr/ssh-executor';
import {
  TELEGRAM_DOWNLOAD_LIMIT_BYTES,
  TelegramApiError,
  TelegramBotApi,
  TelegramFileTooLargeError,
} from '@ccr/telegram-bot-api';
import { posix } from 'node:path';
import { PaneTargets } from '../executor/pane-targets.service';
import { TypingService } from '../typing/typing.service';
import { numberedName } from './file-name.util';
import {
  fileDownloadFailed,
  fileSavedHtml,
  fileTooLargeToFetch,
  inboxCrowded,
} from './files-message.util';
import { inboxRootOf, sessionInboxOf } from './server-places.util';

/** A photo or document a user sent, as its message describes it. */
export interface IncomingFile {
  fileId: string;
  /** Safe already (safeFileName). */
  name: string;
  /** Telegram's figure, when it gave one. */
  size: number | undefined;
}

/** How many `name-2`, `name-3`… to try before giving up on a crowded folder. */
const NAME_ATTEMPTS = 50;

/**
 * Puts a file a user sent into its session's inbox on the session's server, streamed from
 * Telegram straight into SFTP (or the local disk), then types the caption and the file's path
 * into the session's pane so that Claude reads it.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly executor: TmuxExecutor,
    private readonly telegram: TelegramBotApi,
    private readonly targets: PaneTargets,
    private readonly typing: TypingService,
  ) {}

  /** Resolves with the answer to give; throws what failureReply turns into one. */
  async deliver(session: SessionView, file: IncomingFile, caption: string): Promise<string> {
    // Checked before anything is made: a session that cannot be typed into gets no file.
    const target = this.targets.runningTargetOf(session);
    if (file.size !== undefined && file.size > TELEGRAM_DOWNLOAD_LIMIT_BYTES) {
      throw fileTooLargeToFetch(file.name, file.size, TELEGRAM_DOWNLOAD_LIMIT_BYTES);
    }
    const server = target.server.executor;
    const home = await this.executor.homeDir(server);
    const folder = sessionInboxOf(inboxRootOf(target.server, home), session.name);
    await this.executor.makeDirectory(server, folder);
    const saved = await this.save(server, folder, file);
    const trimmed = caption.replace(/\s+$/, '');
    await this.typing.type(target, trimmed === '' ? saved.path : `${trimmed} ${saved.path}`);
    return fileSavedHtml(session, saved, trimmed !== '');
  }

  /** Downloads into a new file of the folder: the name given, else name-2, name-3… */
  private async save(
    server: ExecutorServer,
    folder: string,
    file: IncomingFile,
  ): Promise<{ path: string; bytes: number }> {
    try {
      const located = await this.telegram.getFile(file.fileId);
      for (let n = 1; n <= NAME_ATTEMPTS; n += 1) {
        const path = posix.join(folder, numberedName(file.name, n));
        try {
          // Nothing is fetched until the file is open: a name that is taken costs no download.
          const bytes = await this.executor.writeFile(
            server,
            path,
            this.telegram.downloadFile(located, { maxBytes: TELEGRAM_DOWNLOAD_LIMIT_BYTES }),
            { maxBytes: TELEGRAM_DOWNLOAD_LIMIT_BYTES },
          );
          return { path, bytes };
        } catch (error) {
          if (!isExecutorError(error, ExecutorErrorCode.FileExists)) throw error;
        }
      }
      throw inboxCrowded(folder, file.name, NAME_ATTEMPTS);
    } catch (error) {
      if (error instanceof TelegramFileTooLargeError) {
        throw fileTooLargeToFetch(file.name, error.sizeBytes, error.limitBytes);
      }
      if (error instanceof TelegramApiError) throw fileDownloadFailed(file.name, error.message);
      throw error;
    }
  }
}
