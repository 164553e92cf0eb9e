import { open } from 'node:fs/promises';
import { NO_DEADLINE, type Deadline } from '../delivery/deadline.util';
import { LastReplyCollector } from './last-reply.collector';

export interface TranscriptTailOptions {
  chunkBytes?: number;
  /** Stop looking after this much of the file's end. */
  maxBytes?: number;
  deadline?: Deadline;
}

export const TRANSCRIPT_CHUNK_BYTES = 64 * 1024;
export const TRANSCRIPT_MAX_SCAN_BYTES = 32 * 1024 * 1024;

const NEWLINE = 0x0a;

/**
 * Claude's last reply from a JSONL transcript, read backwards from the end in chunks: a long
 * session's transcript runs to many megabytes and the reply is near its end. Null when the
 * file is missing or holds no reply within the bounds.
 *
 * Splitting on the newline byte is safe in UTF-8, which never uses it inside a character.
 */
export async function lastAssistantReply(
  path: string,
  options: TranscriptTailOptions = {},
): Promise<string | null> {
  const {
    chunkBytes = TRANSCRIPT_CHUNK_BYTES,
    maxBytes = TRANSCRIPT_MAX_SCAN_BYTES,
    deadline = NO_DEADLINE,
  } = options;
  const collector = new LastReplyCollector();
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    let position = (await handle.stat()).size;
    let scanned = 0;
    // Pieces of the line that crosses the start of the chunks read so far, in file order.
    let pending: Buffer[] = [];
    while (position > 0) {
      if (scanned >= maxBytes || deadline.expired()) return collector.reply();
      const length = Math.min(chunkBytes, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      const { bytesRead } = await handle.read(chunk, 0, length, position);
      scanned += length;
      let end = bytesRead;
      while (end > 0) {
        const newline = chunk.lastIndexOf(NEWLINE, end - 1);
        if (newline === -1) break;
        const line = Buffer.concat([chunk.subarray(newline + 1, end), ...pending]);
        pending = [];
        if (line.length > 0 && collector.accept(line.toString('utf8'))) return collector.reply();
        end = newline;
      }
      pending.unshift(chunk.subarray(0, end));
    }
    const firstLine = Buffer.concat(pending);
    if (firstLine.length > 0) collector.accept(firstLine.toString('utf8'));
    return collector.reply();
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}
