import type { SessionView } from '@ccr/session-domain';
import { clipText } from '@ccr/shared-util';
import { BotError, BotErrorCode } from '../replies/bot.error';
import { bold, code, escapeHtml } from '../replies/html.util';
import { formatBytes } from './file-name.util';

/** Longest path a caption or an answer shows; a caption holds 1024 characters in all. */
const SHOWN_PATH_CHARS = 300;

function shownPath(path: string): string {
  return code(clipText(path, SHOWN_PATH_CHARS));
}

export const GET_USAGE =
  `Write the session, then the path: ${code('/get kr4:1 src/app.ts')} (from its working ` +
  `folder, or absolute), or reply ${code('/get src/app.ts')} to its notification. Files in the ` +
  "session's folder and in the server's inbox can be sent, up to 50 MB.";

export const FILE_USAGE =
  `To hand Claude a photo or a file, send it as a reply to the session's notification, or with ` +
  `the caption ${code('/cmd kr4:1 what is wrong here?')}. Nothing was saved.`;

/** A photo or file went to the inbox and its path was typed. */
export function fileSavedHtml(
  session: SessionView,
  saved: { path: string; bytes: number },
  withCaption: boolean,
): string {
  return (
    `📎 Saved to ${shownPath(saved.path)} on ${bold(session.serverId)} ` +
    `(${formatBytes(saved.bytes)}), and typed ${withCaption ? 'your caption and its path' : 'its path'} ` +
    `into ${code(session.name)} · ${escapeHtml(session.project)}.`
  );
}

/** The caption of a document /get sends. */
export function getCaptionHtml(session: SessionView, path: string, bytes: number): string {
  return `📄 ${shownPath(path)} from ${code(session.name)} · ${formatBytes(bytes)}`;
}

export const VOICE_USAGE =
  "To speak to Claude, send the voice message as a reply to the session's notification. " +
  'Nothing was typed.';

/** A photo, file or voice message that says no session. */
export function noSessionForFile(kind: 'file' | 'voice'): BotError {
  return new BotError(BotErrorCode.NoSessionForFile, kind === 'file' ? FILE_USAGE : VOICE_USAGE);
}

export function captionUsage(): BotError {
  return BotError.usage(
    `Write the session after /cmd: ${code('/cmd kr4:1 what is wrong here?')} as the caption. ` +
      'Nothing was saved.',
  );
}

export function fileTooLargeToFetch(
  name: string,
  size: number | undefined,
  limit: number,
): BotError {
  const what = size === undefined ? 'larger than that' : formatBytes(size);
  return new BotError(
    BotErrorCode.FileTooLarge,
    `${code(name)} is ${what}: Telegram lets bots fetch files of at most ${formatBytes(limit)}. ` +
      'Nothing was saved; copy it to the server another way.',
  );
}

export function fileDownloadFailed(name: string, detail: string): BotError {
  return new BotError(
    BotErrorCode.FileDownloadFailed,
    `Telegram did not hand over ${code(name)} (${escapeHtml(detail)}). Nothing was saved or ` +
      'typed; send it again.',
  );
}

export function inboxCrowded(folder: string, name: string, attempts: number): BotError {
  return new BotError(
    BotErrorCode.PathRefused,
    `${shownPath(folder)} holds ${code(name)} and ${attempts - 1} numbered copies of it already. ` +
      'Nothing was saved; clear the folder out, or send it under another name.',
  );
}

export function noWorkingFolder(session: SessionView, requested: string): BotError {
  return new BotError(
    BotErrorCode.PathRefused,
    `Session ${code(session.name)} did not report its working folder, so ${code(requested)} ` +
      `means nothing there. Give an absolute path (files in the server's inbox can be sent).`,
  );
}

export function fileMissing(session: SessionView, path: string): BotError {
  return new BotError(
    BotErrorCode.FileNotFound,
    `There is no ${shownPath(path)} on ${bold(session.serverId)}. Nothing was sent.`,
  );
}

export function pathOutside(
  session: SessionView,
  requested: string,
  resolved: string,
  folders: readonly string[],
): BotError {
  const viaLink = requested !== resolved;
  return new BotError(
    BotErrorCode.PathRefused,
    `${shownPath(requested)} ${viaLink ? `leads to ${shownPath(resolved)}, which is` : 'is'} ` +
      `outside ${folders.map(shownPath).join(' and ')}: only files in session ` +
      `${code(session.name)}'s folder and in the server's inbox can be sent. Nothing was sent.`,
  );
}

export function notAFile(path: string, kind: 'directory' | 'other'): BotError {
  return new BotError(
    BotErrorCode.PathRefused,
    `${shownPath(path)} is ${kind === 'directory' ? 'a folder' : 'not a regular file'}: only ` +
      'files can be sent. Nothing was sent.',
  );
}

export function fileTooLargeToSend(
  path: string,
  size: number | undefined,
  limit: number,
): BotError {
  return new BotError(
    BotErrorCode.FileTooLarge,
    `${shownPath(path)} is ${size === undefined ? 'larger than that' : formatBytes(size)}: Telegram takes files of at most ` +
      `${formatBytes(limit)} from bots. Nothing was sent.`,
  );
}
