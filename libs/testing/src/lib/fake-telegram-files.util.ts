import type { TelegramFile } from './telegram-bot-api.types';

/** Telegram's getFile serves bots files up to this size, and refuses larger ones. */
export const FAKE_DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

export interface FakeFileOptions {
  /**
   * The size getFile and the message report; the content's own size by default. When it
   * differs, the download is served without Content-Length (chunked), as a server that does
   * not know the size would: only counting the bytes shows what arrives.
   */
  claimedSize?: number;
  /** The folder of `file_path`, as Telegram names them: `photos`, `documents`, `voice`. */
  folder?: string;
  /** Of `file_path`: `jpg`, `oga`… */
  extension?: string;
}

/** A file the fake holds: sent in a user's message, or uploaded by the bot. */
export interface FakeStoredFile {
  fileId: string;
  fileUniqueId: string;
  /** What getFile answers; the download is at `/file/bot<token>/<filePath>`. */
  filePath: string;
  content: Buffer;
  /** What getFile and the message say its size is. */
  claimedSize: number;
}

/** The files a fake Bot API serves through getFile and its `/file/` downloads. */
export class FakeFileStore {
  private readonly byId = new Map<string, FakeStoredFile>();
  private readonly byPath = new Map<string, FakeStoredFile>();
  private next = 1;

  add(content: Buffer | string, options: FakeFileOptions = {}): FakeStoredFile {
    const n = this.next++;
    const bytes = Buffer.isBuffer(content) ? Buffer.from(content) : Buffer.from(content, 'utf8');
    const extension = options.extension ? `.${options.extension}` : '';
    const file: FakeStoredFile = {
      fileId: `AgACAgIAAxkBAAI${String(n).padStart(6, '0')}`,
      fileUniqueId: `AQAD${String(n).padStart(6, '0')}`,
      filePath: `${options.folder ?? 'documents'}/file_${n}${extension}`,
      content: bytes,
      claimedSize: options.claimedSize ?? bytes.length,
    };
    this.byId.set(file.fileId, file);
    this.byPath.set(file.filePath, file);
    return file;
  }

  get(fileId: string): FakeStoredFile | undefined {
    return this.byId.get(fileId);
  }

  atPath(filePath: string): FakeStoredFile | undefined {
    return this.byPath.get(filePath);
  }

  clear(): void {
    this.byId.clear();
    this.byPath.clear();
  }
}

/** getFile's answer for a stored file. */
export function telegramFileOf(file: FakeStoredFile): TelegramFile {
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.claimedSize,
    file_path: file.filePath,
  };
}
