import { Injectable } from '@nestjs/common';
import { OutboxStore, SessionStore } from '@ccr/session-data-access';
import { SessionError, isExpired, type SessionView } from '@ccr/session-domain';
import { BotError } from '../replies/bot.error';
import { ServerRegistry, type KnownServer } from './server-registry.service';

/** Where to type for a session: its server's entry and its tmux pane. */
export interface PaneTarget {
  session: SessionView;
  server: KnownServer;
  pane: string;
}

/**
 * Finds the pane a user means: by `kr4:1` or a token, or by the notification they replied
 * to. Each lookup is one indexed query; servers come from memory.
 */
@Injectable()
export class PaneTargets {
  constructor(
    private readonly sessions: SessionStore,
    private readonly outbox: OutboxStore,
    private readonly servers: ServerRegistry,
  ) {}

  /** @throws SessionError for a reference that is not a live session. */
  async byRef(ref: string): Promise<SessionView> {
    return this.sessions.resolve(ref);
  }

  /**
   * The session a notification message of this chat reported.
   * @throws BotError when it reported none or several; SessionError when it expired.
   */
  async byReply(chatId: string, messageId: number, now = new Date()): Promise<SessionView> {
    const sessions = await this.outbox.findSessionsByTelegramMessage(chatId, messageId);
    if (sessions.length === 0) throw BotError.notANotification();
    if (sessions.length > 1) throw BotError.severalSessions(sessions);
    const [session] = sessions as [SessionView];
    if (isExpired(session.expiresAt, now)) {
      throw SessionError.expired(session.name, session.expiresAt, session.lastEventAt);
    }
    return session;
  }

  /**
   * The live session a button names by its row id.
   * @throws BotError when there is none; SessionError when it expired.
   */
  async byId(sessionId: number, now = new Date()): Promise<SessionView> {
    const session = await this.sessions.getById(sessionId);
    if (!session) throw BotError.sessionGone();
    if (isExpired(session.expiresAt, now)) {
      throw SessionError.expired(session.name, session.expiresAt, session.lastEventAt);
    }
    return session;
  }

  /**
   * Where to type for a session whose Claude still runs: typing into what is left of an ended
   * one's pane would reach a shell, or nothing.
   * @throws SessionError Ended; BotError as targetOf.
   */
  runningTargetOf(session: SessionView): PaneTarget {
    if (session.state === 'ended') throw SessionError.ended(session.name, session.stateSince);
    return this.targetOf(session);
  }

  /** @throws BotError when the session's server is not configured or it has no tmux pane. */
  targetOf(session: SessionView): PaneTarget {
    const server = this.servers.get(session.serverId);
    if (!server) throw BotError.unknownServer(session, this.servers.source);
    const pane = session.tmux.pane;
    if (!pane) throw BotError.noTmuxPane(session);
    return { session, server, pane };
  }
}
