import type { ClaudeHookInput, NotificationType } from '@ccr/protocol';
import { randomUUID } from 'node:crypto';
import { CliError, CliErrorCode, errorMessage } from '../../cli.error';
import type { CliContext } from '../../cli-context.interface';
import { hookBudget } from '../../config/hook-budget.util';
import { resolveConfig } from '../../config/load-config.util';
import { spoolDirPath } from '../../config/paths.util';
import type { RemoteHookConfig } from '../../config/config.interface';
import { boundedMs, deadlineIn, type Deadline } from '../../delivery/deadline.util';
import { deliverSpool } from '../../delivery/deliver-spool.util';
import type { FlushResult } from '../../delivery/flush-spool.util';
import { deliverSigned } from '../../delivery/signed-request.util';
import { enqueueEvent } from '../../delivery/spool.util';
import { ExitCode } from '../../exit-code.constant';
import { parseHookInput } from '../../hook-input/parse-hook-input.util';
import { readStdin, STDIN_LIMITS } from '../../hook-input/read-stdin.util';
import { gatherHookContext } from './hook-context.util';
import { CONTEXT_TIMEOUT_MS, LOCK_WAIT_MS, MIN_REQUEST_MS } from './notify.constant';
import { hookEventKindFor, type HookEventKind } from './notification-type.util';
import {
  buildNotifyPayload,
  buildSessionEventPayload,
  serializeNotifyPayload,
} from './notify-payload.util';

const PREFIX = 'remote-hook:';

export interface NotifyRequest {
  /** The notification to send; absent when the hook input's event decides. */
  type?: NotificationType;
}

/**
 * One hook run: read the hook input, build the notification (or the session event) it is
 * worth, spool it, then deliver the spool oldest first. The event is spooled before anything
 * is sent, so that a run Claude Code kills at its timeout loses nothing, and it leaves after
 * every older event. Always exits 0; problems are one line each on stderr.
 */
export async function sendNotification(ctx: CliContext, request: NotifyRequest): Promise<ExitCode> {
  const budget = hookBudget(ctx.env);
  if (budget.problem) ctx.warn(`${PREFIX} ${budget.problem}`);
  const deadline = deadlineIn(budget.ms);

  const input = await readHookInput(ctx, request, Math.min(STDIN_LIMITS.timeoutMs, budget.ms / 3));
  if (!input) return ExitCode.Ok;

  const resolution = await resolveConfig(ctx.env, ctx.cwd);
  const kind: HookEventKind | null = request.type
    ? { kind: 'notification', type: request.type }
    : hookEventKindFor(input, resolution.extraEvents);
  if (!kind) return ExitCode.Ok;
  if (!resolution.config) {
    const more = resolution.problems.length > 1 ? ' ("remote-hook doctor" lists all)' : '';
    ctx.warn(`${PREFIX} nothing sent, ${resolution.problems[0]}${more}`);
    return ExitCode.Ok;
  }
  const { config } = resolution;

  const context = await gatherHookContext(
    input,
    ctx,
    boundedMs(deadline, CONTEXT_TIMEOUT_MS),
    kind.kind === 'notification',
  );
  const facts = {
    ...context,
    serverId: config.serverId,
    input,
    eventId: randomUUID(),
    sentAt: new Date().toISOString(),
  };
  const body = serializeNotifyPayload(
    kind.kind === 'notification'
      ? buildNotifyPayload({ ...facts, type: kind.type })
      : buildSessionEventPayload({ ...facts, event: kind.event }),
  );

  const dir = spoolDirPath(ctx.env, ctx.cwd);
  try {
    await enqueueEvent(dir, body);
  } catch (error) {
    await sendWithoutSpool(
      ctx,
      config,
      body,
      deadline,
      `cannot spool in ${dir} (${errorMessage(error)})`,
    );
    return ExitCode.Ok;
  }

  const result = await deliverSpool({
    dir,
    config,
    deadline,
    lockWaitMs: LOCK_WAIT_MS,
    requestTimeoutMs: Number.POSITIVE_INFINITY,
    minRequestMs: MIN_REQUEST_MS,
  });
  // Null: a run holding the lock sends the spool, this event included; nothing to say.
  if (result) reportDelivery(ctx, dir, result);
  return ExitCode.Ok;
}

/**
 * The hook input, `{}` for a typed command without one, or null when there is nothing to
 * act on.
 */
async function readHookInput(
  ctx: CliContext,
  request: NotifyRequest,
  timeoutMs: number,
): Promise<ClaudeHookInput | null> {
  const stdin = ctx.stdin();
  const read = await readStdin(stdin, { timeoutMs, maxBytes: STDIN_LIMITS.maxBytes });
  const parsed = parseHookInput(read.text);
  if (parsed.kind === 'ok') return parsed.input;

  if (parsed.kind === 'invalid') {
    const why = read.complete
      ? `is not JSON (${parsed.reason})`
      : `did not end within ${Math.round(timeoutMs)} ms or ${STDIN_LIMITS.maxBytes} bytes`;
    if (request.type) {
      ctx.warn(`${PREFIX} ignoring the input on stdin, which ${why}`);
      return {};
    }
    ctx.warn(`${PREFIX} nothing sent, the hook input on stdin ${why}`);
    return null;
  }

  if (request.type) return {};
  if (stdin.isTTY) {
    throw new CliError(
      CliErrorCode.Usage,
      '"remote-hook hook" reads the event Claude Code writes on stdin; to send one by hand, run "remote-hook completed" (or waiting, permission, failed)',
    );
  }
  ctx.warn(`${PREFIX} nothing sent, no hook input on stdin`);
  return null;
}

function reportDelivery(ctx: CliContext, dir: string, result: FlushResult): void {
  for (const rejection of result.rejected) {
    ctx.warn(
      `${PREFIX} the hub refused an event (${rejection.reason}); moved to ${rejection.movedTo}`,
    );
  }
  if (result.remaining > 0) {
    const events = result.remaining === 1 ? '1 event' : `${result.remaining} events`;
    ctx.warn(
      `${PREFIX} hub not reached (${result.stopReason ?? 'unknown'}); ${events} kept in ${dir} for the next run or "remote-hook flush"`,
    );
  }
}

/** Without a usable spool the event can still go out now; it only loses its second chance. */
async function sendWithoutSpool(
  ctx: CliContext,
  config: RemoteHookConfig,
  body: string,
  deadline: Deadline,
  spoolProblem: string,
): Promise<void> {
  const timeoutMs = boundedMs(deadline, Number.POSITIVE_INFINITY);
  const outcome =
    timeoutMs < MIN_REQUEST_MS
      ? { kind: 'retry' as const, reason: 'no time left in this run' }
      : await deliverSigned(new URL(config.endpoint), config.secret, body, timeoutMs);
  if (outcome.kind === 'delivered') {
    ctx.warn(`${PREFIX} ${spoolProblem}; the event was sent without it`);
  } else {
    ctx.warn(
      `${PREFIX} event lost: ${spoolProblem} and the hub did not take it (${outcome.reason})`,
    );
  }
}
