import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { HubConfig, ServersConfig } from '@ccr/config';
import type { PermissionRequestAccepted, PermissionWaitAnswer } from '@ccr/protocol';
import { requestMessageCount } from '@ccr/telegram-format';
import {
  PermissionNotFoundError,
  PermissionStore,
  type PermissionView,
} from '@ccr/session-data-access';
import { HUB_CONFIG, SERVERS_CONFIG } from '../config/hub-config.constant';
import { OutboxSender } from '../outbox/outbox-sender.service';
import type { PermissionAnsweredDto } from './dto/permission-answered.dto';
import type { PermissionRequestDto } from './dto/permission-request.dto';
import type { PermissionWaitDto } from './dto/permission-wait.dto';
import { PermissionExpiry } from './permission-expiry.service';
import { waitWhilePending } from './permission-wait.util';

/** How often a long poll reads the request again; hub-bot writes decisions into the file. */
export const WAIT_POLL_INTERVAL_MS = 200;

/**
 * What the CLI hears about a request: its status, who answered, and what it needs to answer
 * Claude Code: a question's answers once all are in, a plan's feedback when it was sent back.
 */
export function toWaitAnswer(request: PermissionView): PermissionWaitAnswer {
  const answered = request.kind === 'question' && request.status === 'allow';
  return {
    requestId: request.requestId,
    status: request.status,
    ...(request.decidedAt ? { decidedAt: request.decidedAt.toISOString() } : {}),
    ...(request.decidedBy ? { decidedBy: request.decidedBy } : {}),
    ...(answered
      ? {
          answers: request.answers.map((answer) => ({
            options: answer.options,
            ...(answer.otherText ? { other: answer.otherText } : {}),
          })),
        }
      : {}),
    ...(request.kind === 'plan' && request.status === 'deny' && request.feedback
      ? { feedback: request.feedback }
      : {}),
  };
}

@Injectable()
export class PermissionsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PermissionsService.name);
  private readonly chatIds: string[];
  private readonly ttlHours: number;
  private readonly configuredServers: Set<string>;
  /** Long polls in progress, ended early when the hub shuts down. */
  private readonly waits = new Set<AbortController>();

  constructor(
    private readonly permissions: PermissionStore,
    private readonly sender: OutboxSender,
    private readonly expiry: PermissionExpiry,
    @Inject(HUB_CONFIG) config: HubConfig,
    @Inject(SERVERS_CONFIG) servers: ServersConfig,
  ) {
    // Telegram off: requests are still stored and waited on, and expire unanswered.
    this.chatIds =
      config.telegram.botToken && config.telegram.chatId ? [config.telegram.chatId] : [];
    this.ttlHours = config.sessionTtlHours;
    this.configuredServers = new Set(servers.servers.map((server) => server.id));
  }

  async create(body: PermissionRequestDto): Promise<PermissionRequestAccepted> {
    const { request, session, duplicate, closed } = await this.permissions.create(
      {
        serverId: body.serverId,
        project: body.project,
        requestId: body.requestId,
        claudeSessionId: body.claudeSessionId,
        cwd: body.cwd,
        hostname: body.hostname,
        tmux: body.tmux,
        promptId: body.promptId,
        toolName: body.toolName,
        toolInput: body.toolInput,
        permissionSuggestions: body.permissionSuggestions,
        permissionMode: body.permissionMode,
        timeoutSeconds: body.timeoutSeconds,
        sentAt: body.sentAt ? new Date(body.sentAt) : undefined,
      },
      {
        chatIds: this.chatIds,
        ttlHours: this.ttlHours,
        messages: requestMessageCount(body.toolName, body.toolInput),
      },
    );
    if (duplicate) {
      this.logger.log({
        msg: 'permission request already stored',
        session: session.name,
        requestId: request.requestId,
      });
    } else {
      this.logger.log({
        msg: 'permission request stored',
        session: session.name,
        tool: request.toolName,
        kind: request.kind,
        permissionId: request.id,
        expiresAt: request.expiresAt.toISOString(),
        closedOlder: closed.length,
        knownServer: this.configuredServers.has(body.serverId),
      });
      this.expiry.wake();
      if (this.chatIds.length > 0) this.sender.wake();
    }
    return {
      requestId: request.requestId,
      session: session.name,
      token: session.token,
      expiresAt: request.expiresAt.toISOString(),
    };
  }

  /**
   * The request's status once it is final, or after `waitSeconds` (whichever comes first).
   * @throws PermissionNotFoundError when the server has no request with this id.
   */
  async wait(body: PermissionWaitDto, signal: AbortSignal): Promise<PermissionWaitAnswer> {
    const read = async (): Promise<PermissionView> => {
      const found = await this.permissions.get(body.requestId);
      // Another server's request is as unknown to this one as a request never made.
      if (!found || found.session.serverId !== body.serverId) {
        throw new PermissionNotFoundError(body.requestId);
      }
      return found.request;
    };
    const controller = new AbortController();
    const stop = () => controller.abort();
    signal.addEventListener('abort', stop, { once: true });
    this.waits.add(controller);
    try {
      const request = await waitWhilePending(await read(), read, {
        waitMs: body.waitSeconds * 1000,
        intervalMs: WAIT_POLL_INTERVAL_MS,
        signal: controller.signal,
      });
      return toWaitAnswer(request);
    } finally {
      this.waits.delete(controller);
      signal.removeEventListener('abort', stop);
    }
  }

  /**
   * Closes a request its CLI saw answered in the terminal, so that its messages say so now
   * rather than when the session's next event arrives; answers the status it has then (a
   * person's answer from Telegram may have got there first).
   * @throws PermissionNotFoundError when the server has no request with this id.
   */
  async answeredOnServer(body: PermissionAnsweredDto): Promise<PermissionWaitAnswer> {
    const { request, session, changed } = await this.permissions.answeredOnServer(
      body.serverId,
      body.requestId,
    );
    this.logger.log({
      msg: changed
        ? 'permission request answered in the terminal'
        : 'permission request answered in the terminal after it was closed',
      session: session.name,
      permissionId: request.id,
      status: request.status,
    });
    if (changed) {
      this.expiry.wake();
      if (this.chatIds.length > 0) this.sender.wake();
    }
    return toWaitAnswer(request);
  }

  /** Answers every long poll now, so that the HTTP server can close without waiting for them. */
  beforeApplicationShutdown(): void {
    for (const wait of this.waits) wait.abort();
  }
}
