import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BASIC_TRANSCRIPT_REPLY, fixturePath, fixtureText } from '../../test/support/fixtures';
import { makeTempDir, removeTempDir } from '../../test/support/temp-dir';
import { deadlineIn } from '../delivery/deadline.util';
import { lastAssistantReply } from './transcript-tail.util';

const line = (entry: object): string => `${JSON.stringify(entry)}\n`;
const prompt = (text: string, uuid = `u-${text}`): string =>
  line({ type: 'user', uuid, isSidechain: false, message: { role: 'user', content: text } });
const toolResult = (uuid: string, content = 'ok'): string =>
  line({
    type: 'user',
    uuid,
    isSidechain: false,
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content }] },
  });
const assistant = (uuid: string, id: string, content: object[], isSidechain = false): string =>
  line({ type: 'assistant', uuid, isSidechain, message: { id, role: 'assistant', content } });
const text = (value: string): object => ({ type: 'text', text: value });

describe('lastAssistantReply', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir('transcript');
  });
  afterAll(() => removeTempDir(dir));

  const transcript = async (name: string, content: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };

  it("joins the text blocks of the fixture's last reply, msg_02, skipping the sidechain", async () => {
    await expect(lastAssistantReply(fixturePath('transcript-basic.jsonl'))).resolves.toBe(
      BASIC_TRANSCRIPT_REPLY,
    );
  });

  it.each([1, 7, 100, 4096])('finds the same reply reading %i-byte chunks', async (chunkBytes) => {
    await expect(
      lastAssistantReply(fixturePath('transcript-basic.jsonl'), { chunkBytes }),
    ).resolves.toBe(BASIC_TRANSCRIPT_REPLY);
  });

  it('tolerates a torn last line, as Claude Code may still be writing it', async () => {
    const torn =
      fixtureText('transcript-basic.jsonl') + '{"type":"assistant","message":{"id":"msg_0';
    const path = await transcript('torn.jsonl', torn);
    await expect(lastAssistantReply(path, { chunkBytes: 64 })).resolves.toBe(
      BASIC_TRANSCRIPT_REPLY,
    );
  });

  it('finds a reply followed by megabytes of tool results and subagent lines', async () => {
    const path = join(dir, 'big.jsonl');
    const handle = await open(path, 'w');
    const filler = 'x'.repeat(2000);
    await handle.write(prompt('old prompt'));
    for (let i = 0; i < 500; i += 1)
      await handle.write(assistant(`old-${i}`, `msg_old_${i}`, [text(`old ${i}`)]));
    await handle.write(prompt('refactor everything'));
    await handle.write(assistant('a1', 'msg_final', [text('Part one.')]));
    await handle.write(
      assistant('a2', 'msg_final', [{ type: 'tool_use', id: 't1', name: 'Bash', input: {} }]),
    );
    await handle.write(assistant('a3', 'msg_final', [text('Part two.')]));
    for (let i = 0; i < 2500; i += 1) {
      await handle.write(toolResult(`r-${i}`, filler));
      await handle.write(assistant(`s-${i}`, `msg_side_${i}`, [text(`side ${i}`)], true));
    }
    await handle.close();

    await expect(lastAssistantReply(path)).resolves.toBe('Part one.\n\nPart two.');
  });

  it('stops at the prompt: a turn without text has no reply', async () => {
    const path = await transcript(
      'no-text.jsonl',
      prompt('first') +
        assistant('a1', 'msg_1', [text('Earlier answer.')]) +
        prompt('second') +
        assistant('a2', 'msg_2', [{ type: 'thinking', thinking: 'hmm' }]) +
        assistant('a3', 'msg_2', [{ type: 'tool_use', id: 't', name: 'Read', input: {} }]) +
        toolResult('r1'),
    );
    await expect(lastAssistantReply(path)).resolves.toBeNull();
  });

  it('takes the last message with text when the newest holds only tool calls', async () => {
    const path = await transcript(
      'tool-last.jsonl',
      prompt('go') +
        assistant('a1', 'msg_1', [text('Checking the tests first.')]) +
        assistant('a2', 'msg_1', [{ type: 'tool_use', id: 't', name: 'Bash', input: {} }]) +
        toolResult('r1') +
        assistant('a3', 'msg_2', [{ type: 'tool_use', id: 't2', name: 'Bash', input: {} }]),
    );
    await expect(lastAssistantReply(path)).resolves.toBe('Checking the tests first.');
  });

  it('counts a line written twice once', async () => {
    const repeated = assistant('a1', 'msg_1', [text('Once.')]);
    const path = await transcript('twice.jsonl', prompt('go') + repeated + repeated);
    await expect(lastAssistantReply(path)).resolves.toBe('Once.');
  });

  it('is null for a missing file and within its bounds', async () => {
    await expect(lastAssistantReply(join(dir, 'missing.jsonl'))).resolves.toBeNull();
    const path = await transcript(
      'far.jsonl',
      assistant('a1', 'msg_1', [text('Far away.')]) + toolResult('r', 'y'.repeat(10_000)),
    );
    await expect(lastAssistantReply(path, { maxBytes: 1024, chunkBytes: 512 })).resolves.toBeNull();
    await expect(lastAssistantReply(path, { deadline: deadlineIn(0) })).resolves.toBeNull();
    await expect(lastAssistantReply(path)).resolves.toBe('Far away.');
  });
});
