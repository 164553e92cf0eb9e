import { Inject, Injectable, Logger } from '@nestjs/common';
import type { HubConfig, ServersConfig } from '@ccr/config';
import { isSessionEvent, type NotifyAccepted, type PingAccepted } from '@ccr/protocol';
import { SessionStore } from '@ccr/session-data-access';
import { HUB_CONFIG, SERVERS_CONFIG } from '../config/hub-config.constant';
import { OutboxSender } from '../outbox/outbox-sender.service';
import type { NotifyRequestDto } from './dto/notify-request.dto';

@Injectable()
export class NotifyService {
  private readonly logger = new Logger(NotifyService.name);
  private readonly configuredServers: Set<string>;
  private readonly warnedServers = new Set<string>();
  private readonly chatIds: string[];

  constructor(
    private readonly sessions: SessionStore,
    private readonly sender: OutboxSender,
    @Inject(HUB_CONFIG) config: HubConfig,
    @Inject(SERVERS_CONFIG) servers: ServersConfig,
  ) {
    this.configuredServers = new Set(servers.servers.map((server) => server.id));
    // Telegram off: notifications are still stored (and listed), just not queued for sending.
    this.chatIds =
      config.telegram.botToken && config.telegram.chatId ? [config.telegram.chatId] : [];
  }

  async record(request: NotifyRequestDto): Promise<NotifyAccepted> {
    this.warnIfUnconfigured(request.serverId);
    if (isSessionEvent(request.event)) return this.recordSessionEvent(request);
    // The DTO lets a request without a type through only as a session event.
    if (!request.type) throw new TypeError('a notification without a type passed validation');
    const { session, notification, duplicate, closedPermissions, shownByPermissionRequest } =
      await this.sessions.recordAndQueueNotification(
        {
          serverId: request.serverId,
          type: request.type,
          project: request.project,
          claudeSessionId: request.claudeSessionId,
          cwd: request.cwd,
          hostname: request.hostname,
          tmux: request.tmux,
          message: request.message,
          event: request.event,
          promptId: request.promptId,
          eventId: request.eventId,
          sentAt: request.sentAt ? new Date(request.sentAt) : undefined,
          metadata: request.metadata,
        },
        { chatIds: this.chatIds },
      );
    if (duplicate) {
      this.logger.log({
        msg: 'notification already stored',
        session: session.name,
        eventId: request.eventId,
      });
    } else {
      this.logger.log({
        msg: 'notification stored',
        session: session.name,
        type: notification.type,
        project: session.project,
        notificationId: notification.id,
        ...(closedPermissions.length > 0
          ? { answeredOnServer: closedPermissions.map((closed) => closed.id) }
          : {}),
        ...(shownByPermissionRequest ? { notSent: 'a permission request asks already' } : {}),
      });
      if (this.chatIds.length > 0 && !shownByPermissionRequest) this.sender.wakeFor(this.chatIds);
    }
    return { session: session.name, token: session.token, stored: !duplicate };
  }

  /**
   * SessionStart, UserPromptSubmit, SessionEnd: the session's state moves on and no message is
   * sent. Applying one twice changes nothing more, so a retried one needs no eventId check.
   */
  private async recordSessionEvent(request: NotifyRequestDto): Promise<NotifyAccepted> {
    if (!isSessionEvent(request.event)) throw new TypeError('not a session event');
    const reason = request.metadata?.reason;
    const { session, closedPermissions, launchId } = await this.sessions.recordSessionEvent({
      serverId: request.serverId,
      event: request.event,
      project: request.project,
      claudeSessionId: request.claudeSessionId,
      cwd: request.cwd,
      hostname: request.hostname,
      tmux: request.tmux,
      promptId: request.promptId,
      sentAt: request.sentAt ? new Date(request.sentAt) : undefined,
      reason: typeof reason === 'string' ? reason : undefined,
    });
    this.logger.log({
      msg: 'session event',
      session: session.name,
      event: request.event,
      state: session.state,
      ...(launchId === null ? {} : { launchId }),
      ...(closedPermissions.length > 0
        ? { answeredOnServer: closedPermissions.map((closed) => closed.id) }
        : {}),
    });
    // A closed request's message is edited to say so.
    if (closedPermissions.length > 0 && this.chatIds.length > 0) {
      this.sender.wakeFor(this.chatIds);
    }
    return { session: session.name, token: session.token, stored: true };
  }

  ping(serverId: string): PingAccepted {
    return { ok: true, serverId, knownServer: this.configuredServers.has(serverId) };
  }

  private warnIfUnconfigured(serverId: string): void {
    if (this.configuredServers.has(serverId) || this.warnedServers.has(serverId)) return;
    this.warnedServers.add(serverId);
    this.logger.warn({
      msg: 'notification from a server that is not in servers.json: it is stored and sent, but commands cannot reach it',
      serverId,
    });
  }
}
