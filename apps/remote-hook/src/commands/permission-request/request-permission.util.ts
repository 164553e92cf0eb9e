import { permissionHookOutput, type ClaudeHookInput } from '@ccr/protocol';
import { clipText } from '@ccr/shared-util';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { CliError, CliErrorCode, errorMessage } from '../../cli.error';
import type { CliContext } from '../../cli-context.interface';
import { resolveConfig } from '../../config/load-config.util';
import type { RemoteHookConfig } from '../../config/config.interface';
import { boundedMs, deadlineIn, type Deadline } from '../../delivery/deadline.util';
import { describeAnswer } from '../../delivery/delivery-outcome.util';
import { hubUrls } from '../../delivery/hub-urls.util';
import { postSigned } from '../../delivery/signed-request.util';
import { ExitCode } from '../../exit-code.constant';
import { parseHookInput } from '../../hook-input/parse-hook-input.util';
import { projectName } from '../../hook-input/project.util';
import { readStdin, STDIN_LIMITS } from '../../hook-input/read-stdin.util';
import { tmuxLocation } from '../../hook-input/tmux.util';
import { CONTEXT_TIMEOUT_MS } from '../notify/notify.constant';
import { permissionSuggestions, serializePermissionPayload } from './permission-payload.util';
import { DECIDED_BY_LIMIT, POLL_SLACK_MS, REQUEST_TIMEOUT_MS } from './permission-request.constant';
import { waitForDecision, type DecisionWaitResult } from './wait-for-decision.util';

const PREFIX = 'remote-hook:';
/** Said whenever the hook leaves the decision to Claude Code's own dialog. */
const ASKS_HERE = 'Claude Code asks here';

export interface PermissionRequestOptions {
  /** Added to each long poll's HTTP timeout; tests shorten it. */
  pollSlackMs?: number;
}

/**
 * One PermissionRequest hook run: tell the hub what Claude wants to do, then wait for the
 * answer given on Telegram and print it for Claude Code. Claude Code shows its own dialog at
 * the same time and takes the first answer, so whenever there is no remote decision (no
 * config, hub down or refusing, expired, answered in the terminal, timed out, any error) the
 * hook prints nothing and exits 0: the dialog decides. Nothing is spooled: a permission
 * request is only worth anything while Claude waits for it.
 */
export async function requestPermission(
  ctx: CliContext,
  options: PermissionRequestOptions = {},
): Promise<ExitCode> {
  const input = await readPermissionInput(ctx);
  if (!input) return ExitCode.Ok;
  try {
    return await askRemotely(ctx, input, options);
  } catch (error) {
    // A bug must not turn into an error Claude Code reports: the dialog still decides.
    ctx.warn(`${PREFIX} unexpected error, ${ASKS_HERE}: ${errorMessage(error)}`);
    if (ctx.env['CCR_DEBUG'] && error instanceof Error && error.stack) ctx.warn(error.stack);
    return ExitCode.Ok;
  }
}

interface PermissionInput {
  hook: ClaudeHookInput;
  toolName: string;
}

async function readPermissionInput(ctx: CliContext): Promise<PermissionInput | null> {
  const stdin = ctx.stdin();
  const read = await readStdin(stdin, STDIN_LIMITS);
  const parsed = parseHookInput(read.text);
  if (parsed.kind === 'empty' && stdin.isTTY) {
    throw new CliError(
      CliErrorCode.Usage,
      '"remote-hook permission-request" reads the PermissionRequest event Claude Code writes on stdin; "remote-hook install" registers it',
    );
  }
  if (parsed.kind !== 'ok') {
    const why =
      parsed.kind === 'empty'
        ? 'there is no hook input on stdin'
        : read.complete
          ? `the hook input on stdin is not JSON (${parsed.reason})`
          : `the hook input on stdin did not end within ${STDIN_LIMITS.timeoutMs} ms or ${STDIN_LIMITS.maxBytes} bytes`;
    ctx.warn(`${PREFIX} nothing asked, ${why}`);
    return null;
  }
  const toolName = parsed.input.tool_name?.trim();
  if (!toolName) {
    ctx.warn(`${PREFIX} nothing asked, the hook input names no tool_name`);
    return null;
  }
  return { hook: parsed.input, toolName };
}

async function askRemotely(
  ctx: CliContext,
  input: PermissionInput,
  options: PermissionRequestOptions,
): Promise<ExitCode> {
  const resolution = await resolveConfig(ctx.env, ctx.cwd);
  if (!resolution.config) {
    const more = resolution.problems.length > 1 ? ' ("remote-hook doctor" lists all)' : '';
    ctx.warn(`${PREFIX} not asking Telegram, ${resolution.problems[0]}${more}`);
    return ExitCode.Ok;
  }
  const { config } = resolution;
  const timeoutSeconds = config.permissionTimeoutSeconds;
  // Measured from the start, so the hub (which counts from the request's arrival) expires the
  // request after the CLI has stopped waiting, never before.
  const deadline = deadlineIn(timeoutSeconds * 1000);

  const cwd = input.hook.cwd ? resolve(ctx.cwd, input.hook.cwd) : ctx.cwd;
  const contextMs = boundedMs(deadline, CONTEXT_TIMEOUT_MS);
  const [project, tmux] = await Promise.all([
    projectName(cwd, ctx.env, contextMs),
    tmuxLocation(ctx.env, contextMs),
  ]);
  const requestId = randomUUID();
  const body = serializePermissionPayload({
    serverId: config.serverId,
    input: input.hook,
    toolName: input.toolName,
    cwd,
    project,
    hostname: hostname(),
    tmux,
    requestId,
    timeoutSeconds,
    sentAt: new Date().toISOString(),
  });

  const urls = hubUrls(config.endpoint);
  const refusal = await sendRequest(urls.permissions, config, body, deadline);
  if (refusal) {
    ctx.warn(`${PREFIX} not asking Telegram, ${refusal}; ${ASKS_HERE}`);
    return ExitCode.Ok;
  }

  const result = await waitForDecision({
    url: urls.permissionWait,
    secret: config.secret,
    serverId: config.serverId,
    requestId,
    deadline,
    pollSlackMs: options.pollSlackMs ?? POLL_SLACK_MS,
  });
  answer(ctx, result, permissionSuggestions(input.hook), timeoutSeconds);
  return ExitCode.Ok;
}

/** Null when the hub took the request, else why not. */
async function sendRequest(
  url: URL,
  config: RemoteHookConfig,
  body: string,
  deadline: Deadline,
): Promise<string | null> {
  try {
    const response = await postSigned(
      url,
      config.secret,
      body,
      boundedMs(deadline, REQUEST_TIMEOUT_MS),
    );
    if (response.status >= 200 && response.status < 300) return null;
    return `the hub refused the request (${describeAnswer(response.status, response.body)})`;
  } catch (error) {
    return `hub not reached (${errorMessage(error)})`;
  }
}

/** Prints Claude Code's answer for a decision; for anything else, one line on stderr at most. */
function answer(
  ctx: CliContext,
  result: DecisionWaitResult,
  suggestions: Array<Record<string, unknown>>,
  timeoutSeconds: number,
): void {
  switch (result.kind) {
    case 'final': {
      const decidedBy =
        result.decidedBy === undefined ? undefined : clipText(result.decidedBy, DECIDED_BY_LIMIT);
      const output = permissionHookOutput(result.status, suggestions, decidedBy);
      if (output) {
        ctx.print(JSON.stringify(output));
      } else if (result.status === 'expired') {
        ctx.warn(`${PREFIX} the request expired on the hub unanswered; ${ASKS_HERE}`);
      }
      // answered-on-server: the terminal has answered already; nothing to add.
      return;
    }
    case 'timeout': {
      const last = result.lastProblem ? ` (last problem: ${result.lastProblem})` : '';
      ctx.warn(`${PREFIX} no answer from Telegram within ${timeoutSeconds} s${last}; ${ASKS_HERE}`);
      return;
    }
    case 'failed':
      ctx.warn(`${PREFIX} stopped waiting for Telegram, ${result.reason}; ${ASKS_HERE}`);
      return;
  }
}
