import { open } from 'node:fs/promises';

/** The tool call a PermissionRequest is about, as its hook input names it. */
export interface WatchedToolCall {
  toolName: string;
  toolInput: Record<string, unknown>;
}

export interface ToolOutcomeWatchOptions {
  /** Stops the watch; the promise then resolves `stopped`. */
  signal: AbortSignal;
  /** How often the file is looked at for new lines. */
  intervalMs?: number;
  /** How much of the file's end is read first, to find the call Claude Code waits on. */
  tailBytes?: number;
}

export type ToolOutcome = 'answered' | 'stopped';

export const TOOL_OUTCOME_POLL_MS = 200;
export const TOOL_OUTCOME_TAIL_BYTES = 8 * 1024 * 1024;
/** Read in pieces of this size, so that a large file is never held whole. */
const CHUNK_BYTES = 256 * 1024;
const NEWLINE = 0x0a;

interface ToolUse {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) =>
    sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/**
 * True when every field of the call as the model wrote it is in the hook's input unchanged.
 * The hook's input may carry more: Claude Code puts `plan` and `planFilePath` into an
 * ExitPlanMode call's input from the plan file.
 */
function inputMatches(written: Record<string, unknown>, asked: Record<string, unknown>): boolean {
  return Object.entries(written).every(([key, value]) => sameJson(value, asked[key]));
}

/** The tool calls and tool results of one transcript line (a JSON object), in order. */
function blocksOf(line: string): Array<ToolUse | { resultOf: string }> {
  // Most lines are neither; a cheap look first spares parsing a long file's every line.
  if (!line.includes('"tool_use"') && !line.includes('"tool_result"')) return [];
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return [];
  }
  const message = isRecord(entry) ? entry['message'] : undefined;
  const content = isRecord(message) ? message['content'] : undefined;
  if (!Array.isArray(content)) return [];
  const blocks: Array<ToolUse | { resultOf: string }> = [];
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (block['type'] === 'tool_use' && typeof block['id'] === 'string') {
      blocks.push({
        id: block['id'],
        name: typeof block['name'] === 'string' ? block['name'] : '',
        input: isRecord(block['input']) ? block['input'] : {},
      });
    } else if (block['type'] === 'tool_result' && typeof block['tool_use_id'] === 'string') {
      blocks.push({ resultOf: block['tool_use_id'] });
    }
  }
  return blocks;
}

/**
 * Which tool call of a session's transcript a PermissionRequest waits on, and whether it has
 * an outcome yet. Fed the transcript's lines in order: first the end of the file as it is when
 * the hook starts, then whatever Claude Code appends.
 */
export class ToolCallTracker {
  private readonly open: ToolUse[] = [];
  private target: string | undefined;
  private answered = false;

  constructor(private readonly call: WatchedToolCall) {}

  /** Lines that were in the file when the hook started: no call is chosen until they are all read. */
  readBacklog(line: string): void {
    for (const block of blocksOf(line)) {
      if ('resultOf' in block) this.close(block.resultOf);
      else this.open.push(block);
    }
  }

  /**
   * Chooses the call Claude Code waits on among those still without an outcome: the first of
   * this tool whose input matches, else the first of this tool (Claude Code asks about one
   * call at a time, in order).
   */
  chooseFromBacklog(): void {
    const candidates = this.open.filter((use) => use.name === this.call.toolName);
    this.target = (
      candidates.find((use) => inputMatches(use.input, this.call.toolInput)) ?? candidates[0]
    )?.id;
  }

  /** A line Claude Code appended since. */
  readNew(line: string): void {
    for (const block of blocksOf(line)) {
      if ('resultOf' in block) {
        if (block.resultOf === this.target) this.answered = true;
        this.close(block.resultOf);
      } else if (
        this.target === undefined &&
        block.name === this.call.toolName &&
        inputMatches(block.input, this.call.toolInput)
      ) {
        // The call was written after the hook started (the transcript lags).
        this.target = block.id;
      } else this.open.push(block);
    }
  }

  /** The call has an outcome: the terminal's dialog answered it. */
  isAnswered(): boolean {
    return this.answered;
  }

  private close(id: string): void {
    const at = this.open.findIndex((use) => use.id === id);
    if (at !== -1) this.open.splice(at, 1);
  }
}

/** A watch of a transcript for the outcome of one tool call. */
export interface ToolOutcomeWatch {
  /**
   * Settles once the end of the file as it was when the watch started has been read (or the
   * file was found missing): an outcome appended after that is seen.
   */
  ready: Promise<void>;
  /**
   * `answered` once the transcript shows an outcome (a tool_result) of the call; `stopped`
   * when the signal aborts. Never rejects.
   */
  outcome: Promise<ToolOutcome>;
}

/**
 * Watches the session's transcript for an outcome of the tool call this PermissionRequest is
 * about: Claude Code's own dialog was answered in the terminal, and goes on without telling
 * the hook. Reads the end of the file at once (the calls that wait, as the hook starts), then
 * looks every `intervalMs`, reading only what was appended; a file that is missing or
 * unreadable is looked for again. Start it when the hook starts: an answer given while the
 * hook is still asking the hub is then seen as appended, not mistaken for an old call's.
 */
export function watchToolOutcome(
  transcriptPath: string,
  call: WatchedToolCall,
  options: ToolOutcomeWatchOptions,
): ToolOutcomeWatch {
  const intervalMs = options.intervalMs ?? TOOL_OUTCOME_POLL_MS;
  const tracker = new ToolCallTracker(call);
  const reader = new AppendedLines(transcriptPath, options.tailBytes ?? TOOL_OUTCOME_TAIL_BYTES);
  const readBacklog = async (): Promise<boolean> => {
    const lines = await reader.read();
    if (lines === null) return false;
    for (const line of lines) tracker.readBacklog(line);
    tracker.chooseFromBacklog();
    return true;
  };
  const first = readBacklog();
  const outcome = (async (): Promise<ToolOutcome> => {
    let backlogRead = await first;
    while (!options.signal.aborted) {
      if (backlogRead) {
        for (const line of (await reader.read()) ?? []) tracker.readNew(line);
        if (tracker.isAnswered()) return 'answered';
      }
      await sleep(intervalMs, options.signal);
      if (!backlogRead && !options.signal.aborted) backlogRead = await readBacklog();
    }
    return 'stopped';
  })();
  return { ready: first.then(() => undefined), outcome };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The complete lines appended to a file since the last read. The first read starts
 * `tailBytes` before the end (at the next line), so that a long transcript is not read whole.
 */
class AppendedLines {
  private offset: number | undefined;
  private partial: Buffer = Buffer.alloc(0);

  constructor(
    private readonly path: string,
    private readonly tailBytes: number,
  ) {}

  /** The new complete lines; null when the file cannot be read (yet). */
  async read(): Promise<string[] | null> {
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch {
      return null;
    }
    try {
      const size = (await handle.stat()).size;
      let skipFirst = false;
      if (this.offset === undefined) {
        this.offset = Math.max(0, size - this.tailBytes);
        skipFirst = this.offset > 0;
      }
      // A file that shrank was replaced: read it again from its start.
      if (size < this.offset) {
        this.offset = 0;
        this.partial = Buffer.alloc(0);
      }
      const lines: string[] = [];
      while (this.offset < size) {
        const length = Math.min(CHUNK_BYTES, size - this.offset);
        const chunk = Buffer.alloc(length);
        const { bytesRead } = await handle.read(chunk, 0, length, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        let data = Buffer.concat([this.partial, chunk.subarray(0, bytesRead)]);
        if (skipFirst) {
          const newline = data.indexOf(NEWLINE);
          if (newline === -1) {
            this.partial = Buffer.alloc(0);
            continue;
          }
          data = data.subarray(newline + 1);
          skipFirst = false;
        }
        let start = 0;
        for (let at = data.indexOf(NEWLINE); at !== -1; at = data.indexOf(NEWLINE, start)) {
          if (at > start) lines.push(data.subarray(start, at).toString('utf8'));
          start = at + 1;
        }
        this.partial = Buffer.from(data.subarray(start));
      }
      return lines;
    } catch {
      return null;
    } finally {
      await handle.close();
    }
  }
}
