import type { SessionView } from '@ccr/session-domain';
import { code, escapeHtml } from './html.util';

export enum BotErrorCode {
  /** A command without what it needs; the reply shows how to write it. */
  Usage = 'USAGE',
  UnknownCommand = 'UNKNOWN_COMMAND',
  /** The session's server is not in servers.json. */
  UnknownServer = 'UNKNOWN_SERVER',
  /** The session's notifications carried no tmux pane. */
  NoTmuxPane = 'NO_TMUX_PANE',
  /** A reply to a message that reported no session. */
  NotANotification = 'NOT_A_NOTIFICATION',
  /** A reply to a merged message that reported several sessions. */
  SeveralSessions = 'SEVERAL_SESSIONS',
  /** A sticker, a video…: nothing that can be typed or put in an inbox. */
  NotText = 'NOT_TEXT',
  /** A button names a session the database no longer holds. */
  SessionGone = 'SESSION_GONE',
  /** A file or voice message that says no session: not a reply, no /cmd caption. */
  NoSessionForFile = 'NO_SESSION_FOR_FILE',
  /** A file over what Telegram or /get may carry. */
  FileTooLarge = 'FILE_TOO_LARGE',
  /** /get: a path outside the session's folder and the inbox, or not a file. */
  PathRefused = 'PATH_REFUSED',
  /** /get: nothing at that path. */
  FileNotFound = 'FILE_NOT_FOUND',
  /** Telegram did not hand over a file a user sent. */
  FileDownloadFailed = 'FILE_DOWNLOAD_FAILED',
  /** A voice message while no transcription service is configured (STT_URL). */
  VoiceOff = 'VOICE_OFF',
  /** The transcription service failed, timed out, or heard nothing. */
  TranscriptionFailed = 'TRANSCRIPTION_FAILED',
}

/** How many sessions a "which one?" answer lists. */
const MAX_LISTED = 10;

/**
 * Something the user asked for that the bot cannot do, with the answer to give (Telegram
 * HTML, every dynamic part escaped). `message` is the same in plain words, for the log.
 */
export class BotError extends Error {
  override readonly name = 'BotError';

  constructor(
    readonly code: BotErrorCode,
    readonly html: string,
  ) {
    super(html.replace(/<[^>]+>/g, ''));
  }

  static usage(html: string): BotError {
    return new BotError(BotErrorCode.Usage, html);
  }

  static unknownCommand(command: string): BotError {
    return new BotError(
      BotErrorCode.UnknownCommand,
      `I do not know ${code(`/${command}`)}. /help lists what I understand. ` +
        `To type it into Claude, use ${code(`/cmd kr4:1 /${command}`)} or reply with it to a notification.`,
    );
  }

  static unknownServer(session: SessionView, serversSource: string): BotError {
    return new BotError(
      BotErrorCode.UnknownServer,
      `Session ${code(session.name)} runs on server ${code(session.serverId)}, which is not in ` +
        `${code(serversSource)}, so I cannot reach it. Add an entry ` +
        `${code(`{ "id": "${session.serverId}", "type": "remote", … }`)} there and restart hub-bot.`,
    );
  }

  static noTmuxPane(session: SessionView): BotError {
    return new BotError(
      BotErrorCode.NoTmuxPane,
      `Session ${code(session.name)} (${escapeHtml(session.project)}) did not run inside tmux: ` +
        'its notifications carried no tmux pane, so there is nowhere to type. Start Claude Code ' +
        `inside tmux on ${code(session.serverId)}; its next notification makes a session you can answer.`,
    );
  }

  static notANotification(): BotError {
    return new BotError(
      BotErrorCode.NotANotification,
      'That message is not a notification, so I cannot tell which session your answer is for. ' +
        `Reply to a ✅ ⏳ 🔐 ❌ notification, or use ${code('/cmd kr4:1 your text')}; ` +
        '/sessions lists live ones.',
    );
  }

  static severalSessions(sessions: readonly SessionView[]): BotError {
    const lines = sessions
      .slice(0, MAX_LISTED)
      .map((s) => `${code(`/cmd ${s.name} your text`)} · ${escapeHtml(s.project)}`);
    if (sessions.length > MAX_LISTED) lines.push(`… and ${sessions.length - MAX_LISTED} more`);
    return new BotError(
      BotErrorCode.SeveralSessions,
      `That message reports ${sessions.length} sessions, so I cannot tell which one your answer ` +
        `is for. Nothing was typed. Send it with /cmd and the one you mean:\n${lines.join('\n')}`,
    );
  }

  static sessionGone(): BotError {
    return new BotError(
      BotErrorCode.SessionGone,
      'The session this button belongs to is gone from the hub. /sessions lists live ones.',
    );
  }

  static notText(): BotError {
    return new BotError(
      BotErrorCode.NotText,
      'Only text, photos, files and voice messages reach Claude. Send your answer as one of those.',
    );
  }
}
