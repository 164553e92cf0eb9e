import {
  requestHookOutput,
  type AskedRequest,
  type ClaudeHookInput,
  type PermissionAnsweredPayload,
} from '@ccr/protocol';
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
import { watchToolOutcome, type ToolOutcomeWatch } from '../../hook-input/tool-outcome-watch.util';
import { CONTEXT_TIMEOUT_MS } from '../notify/notify.constant';
import { permissionSuggestions, serializePermissionPayload } from './permission-payload.util';
import {
  ANSWERED_REPORT_TIMEOUT_MS,
  DECIDED_BY_LIMIT,
  POLL_SLACK_MS,
  REQUEST_TIMEOUT_MS,
} from './permission-request.constant';
import { waitForDecision, type DecisionWaitResult } from './wait-for-decision.util';

const PREFIX = 'remote-hook:';
/** Said whenever the hook leaves the decision to Claude Code's own dialog. */
const ASKS_HERE = 'Claude Code asks here';

export interface PermissionRequestOptions {
  /** Added to each long poll's HTTP timeout; tests shorten it. */
  pollSlackMs?: number;
  /** How often the transcript is looked at for the terminal's answer; tests shorten it. */
  transcriptPollMs?: number;
}

/**
 * One PermissionRequest hook run: tell the hub what Claude wants to do (run a tool, have a
 * question answered, have a plan approved), then wait for the answer given on Telegram and
 * print it for Claude Code. Claude Code shows its own dialog at the same time and takes the
 * first answer, so whenever there is no remote decision (no config, hub down or refusing,
 * expired, answered in the terminal, timed out, any error) the hook prints nothing and exits
 * 0: the dialog decides. When the dialog is answered in the terminal, Claude Code goes on
 * without a word to the hook: the hook sees the call's outcome in the session's transcript,
 * tells the hub (whose message then says so) and exits. Nothing is spooled: a request is only
 * worth anything while Claude waits for it.
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
  const asked: AskedRequest = {
    toolName: input.toolName,
    toolInput: input.hook.tool_input ?? {},
    suggestions: permissionSuggestions(input.hook),
  };
  // Watched from the start: Claude Code's dialog shows now, and may be answered at once.
  const stop = new AbortController();
  const terminal = watchTerminal(cwd, input.hook, asked, stop.signal, options);
  try {
    return await askAndWait(ctx, config, input, options, { cwd, deadline, asked, terminal, stop });
  } finally {
    stop.abort();
  }
}

interface AskState {
  cwd: string;
  deadline: Deadline;
  asked: AskedRequest;
  terminal: ToolOutcomeWatch;
  /** Ends the transcript watch and the hub's long poll. */
  stop: AbortController;
}

/** Asks the hub, then waits for its answer or the terminal's, whichever comes first. */
async function askAndWait(
  ctx: CliContext,
  config: RemoteHookConfig,
  input: PermissionInput,
  options: PermissionRequestOptions,
  { cwd, deadline, asked, terminal, stop }: AskState,
): Promise<ExitCode> {
  const timeoutSeconds = config.permissionTimeoutSeconds;
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

  // What the transcript held when the hook started is read before the first poll.
  await terminal.ready;
  const remote = waitForDecision({
    url: urls.permissionWait,
    secret: config.secret,
    serverId: config.serverId,
    requestId,
    deadline,
    pollSlackMs: options.pollSlackMs ?? POLL_SLACK_MS,
    signal: stop.signal,
  });
  // The watch only settles first with `answered`: stopped, it waits for the remote result.
  const first = await Promise.race<DecisionWaitResult | 'terminal'>([
    remote,
    terminal.outcome.then((outcome): Promise<DecisionWaitResult | 'terminal'> | 'terminal' =>
      outcome === 'answered' ? 'terminal' : remote,
    ),
  ]);
  stop.abort();
  if (first === 'terminal') {
    await reportAnsweredOnServer(urls.permissionAnswered, config, requestId, deadline);
    return ExitCode.Ok;
  }
  answer(ctx, first, asked, timeoutSeconds);
  return ExitCode.Ok;
}

/**
 * Watches the session's transcript for the outcome of the call this request is about: the
 * terminal's answer. Without a transcript to watch it is ready at once and never settles (the
 * hub's answer, or the deadline, then ends the run).
 */
function watchTerminal(
  cwd: string,
  hook: ClaudeHookInput,
  asked: AskedRequest,
  signal: AbortSignal,
  options: PermissionRequestOptions,
): ToolOutcomeWatch {
  const path = hook.transcript_path?.trim();
  if (!path) return { ready: Promise.resolve(), outcome: new Promise(() => undefined) };
  return watchToolOutcome(
    resolve(cwd, path),
    { toolName: asked.toolName, toolInput: asked.toolInput },
    { signal, intervalMs: options.transcriptPollMs },
  );
}

/**
 * Tells the hub the terminal answered, so that the chat's message says so at once. Best
 * effort and quiet: Claude has gone on already, and the hub closes the request anyway when
 * the session's next event arrives.
 */
async function reportAnsweredOnServer(
  url: URL,
  config: RemoteHookConfig,
  requestId: string,
  deadline: Deadline,
): Promise<void> {
  const payload: PermissionAnsweredPayload = {
    serverId: config.serverId,
    requestId,
    nonce: randomUUID(),
  };
  try {
    await postSigned(
      url,
      config.secret,
      JSON.stringify(payload),
      Math.max(1, boundedMs(deadline, ANSWERED_REPORT_TIMEOUT_MS)),
    );
  } catch {
    // Nobody waits for this: the hub learns it from the session's next event.
  }
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
  asked: AskedRequest,
  timeoutSeconds: number,
): void {
  switch (result.kind) {
    case 'final': {
      const decidedBy =
        result.decidedBy === undefined ? undefined : clipText(result.decidedBy, DECIDED_BY_LIMIT);
      const output = requestHookOutput(asked, { ...result, decidedBy });
      if (output) {
        ctx.print(JSON.stringify(output));
      } else if (result.status === 'expired') {
        ctx.warn(`${PREFIX} the request expired on the hub unanswered; ${ASKS_HERE}`);
      } else if (result.status !== 'answered-on-server') {
        // A question's answers that do not fit its questions: the terminal still asks.
        ctx.warn(`${PREFIX} the answer from Telegram does not fit the request; ${ASKS_HERE}`);
      }
      // answered-on-server: the terminal has answered already; nothing to add.
      return;
    }
    case 'stopped':
      return;
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
