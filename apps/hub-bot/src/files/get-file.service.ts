import { Injectable } from '@nestjs/common';
import type { SessionView } from '@ccr/session-domain';
import { ExecutorErrorCode, TmuxExecutor, isExecutorError } from '@ccr/ssh-executor';
import { TELEGRAM_UPLOAD_LIMIT_BYTES, type UploadFile } from '@ccr/telegram-bot-api';
import { posix } from 'node:path';
import { ServerRegistry } from '../executor/server-registry.service';
import { BotError } from '../replies/bot.error';
import {
  fileMissing,
  fileTooLargeToSend,
  getCaptionHtml,
  noWorkingFolder,
  notAFile,
  pathOutside,
} from './files-message.util';
import { isWithin, requestedPath } from './get-path.util';
import { inboxRootOf } from './server-places.util';

/** A file /get found, ready to send, with its caption. */
export interface FoundFile {
  file: UploadFile;
  captionHtml: string;
}

/**
 * /get: a file of a session's server, read over the session's SSH connection (or locally),
 * if it lies in the session's working folder or the server's inbox once every link is
 * resolved on the server, and is a file of at most 50 MB (what Telegram takes from a bot).
 */
@Injectable()
export class GetFileService {
  constructor(
    private readonly executor: TmuxExecutor,
    private readonly servers: ServerRegistry,
  ) {}

  async find(session: SessionView, raw: string): Promise<FoundFile> {
    const known = this.servers.get(session.serverId);
    if (!known) throw BotError.unknownServer(session, this.servers.source);
    const server = known.executor;
    const home = await this.executor.homeDir(server);
    const wanted = requestedPath(raw, { cwd: session.cwd, home });
    if (wanted === undefined) throw noWorkingFolder(session, raw);

    const real = await this.executor.realPath(server, wanted).catch((error: unknown) => {
      if (isExecutorError(error, ExecutorErrorCode.FileNotFound))
        throw fileMissing(session, wanted);
      throw error;
    });
    const folders = [session.cwd, inboxRootOf(known, home)].filter(
      (folder): folder is string => folder !== null && folder.startsWith('/'),
    );
    // The folders' own links resolved too, so that a project under a linked path still counts.
    const allowed = await Promise.all(
      folders.map((folder) => this.executor.realPath(server, folder).catch(() => undefined)),
    );
    if (!allowed.some((folder) => folder !== undefined && isWithin(real, folder))) {
      throw pathOutside(session, wanted, real, folders);
    }

    const info = await this.executor.fileInfo(server, real);
    if (!info) throw fileMissing(session, wanted);
    if (info.kind !== 'file') throw notAFile(wanted, info.kind);
    if (info.size > TELEGRAM_UPLOAD_LIMIT_BYTES) {
      throw fileTooLargeToSend(wanted, info.size, TELEGRAM_UPLOAD_LIMIT_BYTES);
    }
    const content = await this.executor
      .readFile(server, real, { maxBytes: TELEGRAM_UPLOAD_LIMIT_BYTES })
      .catch((error: unknown) => {
        // It grew past the bound after it was measured.
        if (isExecutorError(error, ExecutorErrorCode.FileTooLarge)) {
          throw fileTooLargeToSend(wanted, undefined, TELEGRAM_UPLOAD_LIMIT_BYTES);
        }
        throw error;
      });
    return {
      file: { name: posix.basename(real), content },
      captionHtml: getCaptionHtml(session, real, content.length),
    };
  }
}
