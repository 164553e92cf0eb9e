import type { SessionView } from '@ccr/session-domain';
import { bold, code, escapeHtml } from './html.util';

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
  /** /new names a server that is not in servers.json. */
  NoSuchServer = 'NO_SUCH_SERVER',
  /** /new names a folder the server does not allow. */
  FolderNotAllowed = 'FOLDER_NOT_ALLOWED',
  /** /new names a folder by a name several projects end in. */
  AmbiguousProject = 'AMBIGUOUS_PROJECT',
  /** /new without a folder, on a server that lists no projects. */
  NoProjects = 'NO_PROJECTS',
  /** A project button whose folder is no longer at its place in the list. */
  ProjectsChanged = 'PROJECTS_CHANGED',
  /** A trust button whose window the database no longer holds. */
  LaunchGone = 'LAUNCH_GONE',
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

  static noSuchServer(word: string, known: readonly string[], serversSource: string): BotError {
    const list = known.length > 0 ? known.map((id) => code(id)).join(', ') : 'none';
    return new BotError(
      BotErrorCode.NoSuchServer,
      `No server ${code(word)} in ${code(serversSource)}. Servers: ${list}. ` +
        `Write ${code('/new kr4 ~/webapp')}; /servers lists them.`,
    );
  }

  static folderNotAllowed(serverId: string, folder: string, projects: readonly string[]): BotError {
    const list = projects.length > 0 ? projects.map((p) => code(p)).join(', ') : 'none';
    return new BotError(
      BotErrorCode.FolderNotAllowed,
      `${code(folder)} is not one of the folders Claude may start in on ${bold(serverId)}: ${list}. ` +
        `Nothing was started. Add it to the server's ${code('projects')} in servers.json, or set ` +
        `${code('"allowAnyFolder": true')} there, and restart hub-bot.`,
    );
  }

  static ambiguousProject(serverId: string, word: string, matches: readonly string[]): BotError {
    return new BotError(
      BotErrorCode.AmbiguousProject,
      `Several projects of ${bold(serverId)} are called ${code(word)}: ` +
        `${matches.map((p) => code(p)).join(', ')}. Nothing was started. Write the whole folder, ` +
        `such as ${code(`/new ${serverId} ${matches[0] ?? '~/webapp'}`)}.`,
    );
  }

  static noProjects(serverId: string, allowAnyFolder: boolean): BotError {
    return new BotError(
      BotErrorCode.NoProjects,
      allowAnyFolder
        ? `Say which folder to start Claude in on ${bold(serverId)}: ${code(`/new ${serverId} ~/webapp`)}.`
        : `${bold(serverId)} lists no projects in servers.json, and allows no other folder, so ` +
            `Claude cannot be started there. Add ${code('"projects": ["~/webapp"]')} to its entry ` +
            'and restart hub-bot.',
    );
  }

  static projectsChanged(serverId: string): BotError {
    return new BotError(
      BotErrorCode.ProjectsChanged,
      `The projects of ${bold(serverId)} changed since this button was made, so nothing was ` +
        `started. ${code(`/new ${serverId}`)} offers them as they are now.`,
    );
  }

  static launchGone(): BotError {
    return new BotError(
      BotErrorCode.LaunchGone,
      'The window this button belongs to is gone from the hub. /new starts Claude again.',
    );
  }

  static notText(): BotError {
    return new BotError(
      BotErrorCode.NotText,
      'Only text, photos, files and voice messages reach Claude. Send your answer as one of those.',
    );
  }
}
