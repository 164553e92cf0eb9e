import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolCallTracker, watchToolOutcome } from './tool-outcome-watch.util';

const line = (entry: unknown) => `${JSON.stringify(entry)}\n`;
const use = (id: string, name: string, input: Record<string, unknown>) =>
  line({
    type: 'assistant',
    message: {
      role: 'assistant',
      content: [
        { type: 'text', text: 'ok' },
        { type: 'tool_use', id, name, input },
      ],
    },
  });
const result = (id: string) =>
  line({
    type: 'user',
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id }] },
  });
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('ToolCallTracker', () => {
  const bash = { toolName: 'Bash', toolInput: { command: 'npm test', description: 'Test' } };

  it('waits on the open call of the tool with that input, and sees its outcome', () => {
    const tracker = new ToolCallTracker(bash);
    for (const l of lines(
      use('a', 'Bash', bash.toolInput) +
        result('a') +
        use('b', 'Read', { file_path: '/x' }) +
        use('c', 'Bash', { command: 'ls' }) +
        use('d', 'Bash', bash.toolInput),
    )) {
      tracker.readBacklog(l);
    }
    tracker.chooseFromBacklog();
    for (const l of lines(result('b') + result('c'))) tracker.readNew(l);
    expect(tracker.isAnswered()).toBe(false);
    tracker.readNew(lines(result('d'))[0] ?? '');
    expect(tracker.isAnswered()).toBe(true);
  });

  it('takes a call written after the hook started, the input Claude Code added to aside', () => {
    const plan = { toolName: 'ExitPlanMode', toolInput: { plan: '# P', planFilePath: '/p.md' } };
    const tracker = new ToolCallTracker(plan);
    tracker.readBacklog(lines(use('old', 'ExitPlanMode', {}) + result('old')).join(''));
    tracker.chooseFromBacklog();
    for (const l of lines(use('new', 'ExitPlanMode', {}) + result('new'))) tracker.readNew(l);
    expect(tracker.isAnswered()).toBe(true);
  });

  it('falls back to the first open call of the tool when no input matches', () => {
    const tracker = new ToolCallTracker(bash);
    tracker.readBacklog(lines(use('x', 'Bash', { command: 'npm  test' }))[0] ?? '');
    tracker.chooseFromBacklog();
    tracker.readNew(lines(result('x'))[0] ?? '');
    expect(tracker.isAnswered()).toBe(true);
  });

  it('ignores lines that are not JSON or hold no tool blocks', () => {
    const tracker = new ToolCallTracker(bash);
    for (const l of [
      'not json "tool_use"',
      '{"type":"user","message":{"content":"tool_result"}}',
      '[]',
    ]) {
      tracker.readBacklog(l);
    }
    tracker.chooseFromBacklog();
    tracker.readNew('{"message":{"content":[{"type":"tool_result"}]}}');
    expect(tracker.isAnswered()).toBe(false);
  });
});

describe('watchToolOutcome (a real file)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ccr-outcome-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const call = { toolName: 'Bash', toolInput: { command: 'make' } };

  it('resolves answered once the outcome is appended, even split across writes', async () => {
    const path = join(dir, 'transcript.jsonl');
    // A long start: only its end is read first, from the next whole line.
    await writeFile(path, 'x'.repeat(5000) + '\n' + use('t', 'Bash', call.toolInput));
    const controller = new AbortController();
    const { outcome } = watchToolOutcome(path, call, {
      signal: controller.signal,
      intervalMs: 10,
      tailBytes: 1024,
    });
    const text = result('t');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await appendFile(path, text.slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await appendFile(path, text.slice(20));
    expect(await outcome).toBe('answered');
  });

  it('is ready once the file as the watch found it is read: an outcome appended after is seen', async () => {
    const path = join(dir, 'transcript.jsonl');
    // The same call made and answered before, then the one the dialog asks about now.
    await writeFile(
      path,
      use('old', 'Bash', call.toolInput) + result('old') + use('t', 'Bash', call.toolInput),
    );
    const controller = new AbortController();
    const watch = watchToolOutcome(path, call, { signal: controller.signal, intervalMs: 10 });
    await watch.ready;
    await appendFile(path, result('t'));
    expect(await watch.outcome).toBe('answered');
  });

  it('waits for a file that is not there yet, and stops when told', async () => {
    const controller = new AbortController();
    const { outcome } = watchToolOutcome(join(dir, 'later.jsonl'), call, {
      signal: controller.signal,
      intervalMs: 10,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(await outcome).toBe('stopped');
  });
});
