/**
 * Finds Claude's last reply in transcript lines fed newest first. A reply is one assistant
 * message (one `message.id`) that Claude Code may have written over several lines, one content
 * block each; its text blocks make the reply, thinking and tool calls do not. Subagent lines
 * (`isSidechain`) are skipped, and the search ends at the user's prompt: a turn without text
 * has no reply rather than the previous turn's.
 */
export class LastReplyCollector {
  private targetId: string | null = null;
  /** Text blocks per transcript line, newest line first. */
  private readonly lines: string[][] = [];
  private readonly seenUuids = new Set<string>();
  private done = false;
  private anonymous = 0;

  /** Takes the next older line; true once the reply is complete and no more lines are needed. */
  accept(line: string): boolean {
    if (this.done) return true;
    const entry = parseEntry(line);
    if (!entry || entry['isSidechain'] === true) return false;

    if (entry['type'] === 'assistant') {
      const message = asRecord(entry['message']);
      if (!message) return false;
      const id = typeof message['id'] === 'string' ? message['id'] : null;
      const texts = textBlocks(message['content']);
      if (this.targetId === null) {
        if (texts.length === 0) return false;
        this.targetId = id ?? `line-${(this.anonymous += 1)}`;
      } else if (id !== this.targetId) {
        return this.finish();
      }
      this.add(entry['uuid'], texts);
      return false;
    }
    if (entry['type'] === 'user' && isPrompt(entry['message'])) return this.finish();
    return false;
  }

  /** The reply's text blocks in order, a blank line between them; null when none was found. */
  reply(): string | null {
    const blocks = [...this.lines].reverse().flat();
    const text = blocks.join('\n\n').trim();
    return text === '' ? null : text;
  }

  private add(uuid: unknown, texts: string[]): void {
    // Claude Code may write the same line twice (resumed sessions); count it once.
    if (typeof uuid === 'string') {
      if (this.seenUuids.has(uuid)) return;
      this.seenUuids.add(uuid);
    }
    this.lines.push(texts);
  }

  private finish(): boolean {
    this.done = true;
    return true;
  }
}

type JsonRecord = Record<string, unknown>;

function parseEntry(line: string): JsonRecord | null {
  try {
    return asRecord(JSON.parse(line));
  } catch {
    // The newest line may be half-written: the transcript is written asynchronously.
    return null;
  }
}

function asRecord(value: unknown): JsonRecord | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonRecord)
    : null;
}

function textBlocks(content: unknown): string[] {
  if (typeof content === 'string') return content.trim() === '' ? [] : [content];
  if (!Array.isArray(content)) return [];
  const texts: string[] = [];
  for (const block of content) {
    const record = asRecord(block);
    if (
      record?.['type'] === 'text' &&
      typeof record['text'] === 'string' &&
      record['text'].trim() !== ''
    ) {
      texts.push(record['text']);
    }
  }
  return texts;
}

/** A user line that is a prompt, not the result of a tool Claude called. */
function isPrompt(message: unknown): boolean {
  const content = asRecord(message)?.['content'];
  if (typeof content === 'string') return true;
  if (!Array.isArray(content)) return false;
  return content.some((block) => asRecord(block)?.['type'] !== 'tool_result');
}
