import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StandInPane, TestTmuxServer } from '@ccr/testing';
import { ALLOWED_TMUX_KEYS, ExecutorErrorCode, TmuxExecutor, type ServerConfig } from '../src';
import { longText, multiLineCorpus, singleLineCorpus } from './injection-corpus';

export interface TypingContext {
  executor: TmuxExecutor;
  server: ServerConfig;
  tmux: TestTmuxServer;
}

/**
 * What typing into a pane must do on any kind of server, byte for byte: the pane runs the
 * Claude stand-in, which records exactly what tmux delivered (hub-bot's end-to-end tests drive
 * the real Claude Code and check what reaches the model). `context()` is read in each test,
 * after the caller's beforeAll has set it up.
 */
export function typingBehaviour(context: () => TypingContext): void {
  let pane: StandInPane;
  let canaryDir: string;
  const canary = (n: number): string => join(canaryDir, `canary-${n}`);
  const canaries = (): string[] =>
    readdirSync(canaryDir).filter((name) => name.startsWith('canary'));

  /** Sends, and waits until the stand-in recorded the submission; returns it. */
  async function submit(text: string): Promise<{ text: string; pasted: boolean }> {
    const { executor, server } = context();
    const before = pane.events().length;
    await executor.sendText(server, pane.paneId, text);
    const events = await pane.waitForEvents(before + 1);
    const event = events[before];
    if (event?.type !== 'submit')
      throw new Error(`expected a submission, got ${JSON.stringify(event)}`);
    return { text: event.text, pasted: event.pasted };
  }

  beforeAll(async () => {
    const { tmux } = context();
    canaryDir = tmux.dir;
    pane = await tmux.startStandIn();
  });

  afterEach(() => {
    // Checked after every test, so that an injection is pinned to the text that caused it.
    expect(canaries()).toEqual([]);
  });

  it('types every single-line text of the corpus exactly, and nothing runs', async () => {
    const corpus = singleLineCorpus(canary);
    for (const entry of corpus) {
      const event = await submit(entry.text);
      expect({ sent: entry.text, arrived: event.text, pasted: event.pasted }).toEqual({
        sent: entry.text,
        arrived: entry.arrives ?? entry.text,
        pasted: false,
      });
    }
  });

  it('pastes every multi-line text of the corpus as one bracketed paste, and nothing runs', async () => {
    for (const entry of multiLineCorpus(canary)) {
      const event = await submit(entry.text);
      expect({ sent: entry.text, arrived: event.text, pasted: event.pasted }).toEqual({
        sent: entry.text,
        arrived: entry.arrives ?? entry.text,
        pasted: true,
      });
    }
  });

  it('keeps the paste markers around the text on the wire', async () => {
    const rawBefore = pane.rawInput().length;
    await submit('first\nsecond');
    const raw = pane.rawInput().subarray(rawBefore).toString('utf8');
    // tmux turns line ends into CR inside the paste; Enter (CR) comes after the end marker.
    expect(raw).toBe('\u001b[200~first\rsecond\u001b[201~\r');
  });

  it('types a 4,000-character line and pastes 4,000 characters of lines', async () => {
    const line = longText(4000, canary(30));
    expect(Array.from(line)).toHaveLength(4000);
    expect(await submit(line)).toEqual({ text: line, pasted: false });

    const lines = longText(4000, canary(31), '\n');
    expect(await submit(lines)).toEqual({ text: lines, pasted: true });
  });

  it('pastes the largest text allowed and refuses a longer one without typing anything', async () => {
    const { executor, server } = context();
    // 16 KiB in UTF-8 on one line: more than one tmux command may carry, so it is pasted.
    const largest = 'é'.repeat(8192);
    expect(await submit(largest)).toEqual({ text: largest, pasted: true });

    const before = pane.events().length;
    await expect(executor.sendText(server, pane.paneId, `${largest}x`)).rejects.toMatchObject({
      code: ExecutorErrorCode.TextTooLong,
    });
    await expect(executor.sendText(server, pane.paneId, 'a\u001b[201~b')).rejects.toMatchObject({
      code: ExecutorErrorCode.InvalidText,
    });
    expect(await submit('after the refusals')).toEqual({
      text: 'after the refusals',
      pasted: false,
    });
    expect(pane.events()).toHaveLength(before + 1);
  });

  it('with a shown check, presses Enter only once the check accepts the screen', async () => {
    const { executor, server } = context();
    const before = pane.events().length;
    // How many events the pane had recorded each time the check looked: no submission yet.
    const seen: number[] = [];
    await executor.sendText(server, pane.paneId, 'held until shown', {
      shown: (screen) => {
        expect(screen).toContain('[stand-in]');
        seen.push(pane.events().length);
        return seen.length === 3;
      },
    });
    const events = await pane.waitForEvents(before + 1);
    expect(events[before]).toMatchObject({ type: 'submit', text: 'held until shown' });
    expect(seen).toEqual([before, before, before]);
  });

  it('presses Enter anyway when the screen never shows the text, and says so', async () => {
    const { server } = context();
    const warnings: Array<{ details: object; message: string }> = [];
    const impatient = new TmuxExecutor({
      typedWaitMs: 300,
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: (details, message) => warnings.push({ details, message }),
      },
    });
    try {
      const before = pane.events().length;
      await impatient.sendText(server, pane.paneId, 'never shown', { shown: () => false });
      const events = await pane.waitForEvents(before + 1);
      expect(events[before]).toMatchObject({ type: 'submit', text: 'never shown' });
      expect(warnings).toEqual([
        {
          details: { serverId: server.id, pane: pane.paneId, waitedMs: 300 },
          message: 'the typed text did not show in the pane; pressing Enter anyway',
        },
      ]);
    } finally {
      await impatient.close();
    }
  });

  it('keeps the order of texts sent at once to one pane', async () => {
    const { executor, server } = context();
    const texts = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0 ? `paste ${i}\nsecond line` : `line ${i}`,
    );
    const before = pane.events().length;
    await Promise.all(texts.map((text) => executor.sendText(server, pane.paneId, text)));
    const events = await pane.waitForEvents(before + texts.length);
    expect(
      events.slice(before).map((event) => (event.type === 'submit' ? event.text : event)),
    ).toEqual(texts);
  });

  it('types into several panes at once, each getting its own texts', async () => {
    const { executor, server, tmux } = context();
    const panes = await Promise.all([
      tmux.startStandIn(),
      tmux.startStandIn(),
      tmux.startStandIn(),
    ]);
    await Promise.all(
      panes.map(async (other, p) => {
        for (let i = 0; i < 4; i += 1) {
          await executor.sendText(
            server,
            other.paneId,
            i === 2 ? `pane ${p}\ntext ${i}` : `pane ${p} text ${i}`,
          );
        }
      }),
    );
    for (const [p, other] of panes.entries()) {
      await other.waitForEvents(4);
      expect(other.submissions()).toEqual([
        `pane ${p} text 0`,
        `pane ${p} text 1`,
        `pane ${p}\ntext 2`,
        `pane ${p} text 3`,
      ]);
    }
  });

  it('presses named keys', async () => {
    const { executor, server } = context();
    const before = pane.events().length;
    await executor.sendKeys(server, pane.paneId, ['Escape']);
    await pane.waitForEvents(before + 1);
    await executor.sendKeys(server, pane.paneId, ['C-c', 'Tab']);
    await pane.waitForEvents(before + 3);
    await executor.sendKeys(server, pane.paneId, ['Enter']);
    const events = await pane.waitForEvents(before + 4);
    expect(events.slice(before)).toEqual([
      { type: 'key', key: 'Escape' },
      { type: 'key', key: 'C-c' },
      { type: 'key', key: 'Tab' },
      { type: 'submit', text: '', pasted: false },
    ]);
  });

  it('knows every key on the allow-list to be a tmux key', async () => {
    const { executor, server, tmux } = context();
    // A pane that ignores its input, since arrows and the like arrive as escape sequences.
    const idle = await tmux.startIdlePane();
    for (const key of ALLOWED_TMUX_KEYS) await executor.sendKeys(server, idle, [key]);
    await expect(executor.sendKeys(server, idle, [...ALLOWED_TMUX_KEYS])).resolves.toBeUndefined();
  });

  it('refuses key names off the allow-list, and text posing as keys', async () => {
    const { executor, server } = context();
    for (const keys of [
      ['F1'],
      ['C-c Enter'],
      ['-l'],
      ['Enter', 'x'],
      [],
      Array(33).fill('Enter'),
    ]) {
      await expect(executor.sendKeys(server, pane.paneId, keys)).rejects.toMatchObject({
        code: ExecutorErrorCode.InvalidKey,
      });
    }
  });

  it("reads the pane's last lines", async () => {
    const { executor, server } = context();
    const count = pane.submissions().length;
    await submit('shown in the pane');
    const text = await executor.capturePane(server, pane.paneId, 2);
    expect(text).toBe(`[stand-in] submission ${count + 1}:\nshown in the pane`);
    const more = await executor.capturePane(server, pane.paneId, 200);
    expect(more.split('\n').length).toBeGreaterThan(2);
    expect(more.endsWith(text)).toBe(true);
  });

  it('joins a wrapped line when reading the pane', async () => {
    const { executor, server } = context();
    const wide = `${'w'.repeat(250)}end`; // wider than the 200-column pane
    await submit(wide);
    expect(await executor.capturePane(server, pane.paneId, 1)).toBe(wide);
  });

  it('tells whether a pane exists', async () => {
    const { executor, server, tmux } = context();
    const idle = await tmux.startIdlePane();
    expect(await executor.paneExists(server, pane.paneId)).toBe(true);
    expect(await executor.paneExists(server, idle)).toBe(true);
    expect(await executor.paneExists(server, '%9999')).toBe(false);
    expect(await tmux.tmux(['kill-pane', '-t', idle])).toMatchObject({ code: 0 });
    expect(await executor.paneExists(server, idle)).toBe(false);
  });

  it('reports a closed pane as PaneGone for every command', async () => {
    const { executor, server, tmux } = context();
    const closed = await tmux.startIdlePane();
    expect((await tmux.tmux(['kill-pane', '-t', closed])).code).toBe(0);
    const gone = { code: ExecutorErrorCode.PaneGone, serverId: server.id };
    await expect(executor.sendText(server, closed, 'hello')).rejects.toMatchObject(gone);
    await expect(executor.sendText(server, closed, 'two\nlines')).rejects.toMatchObject(gone);
    await expect(executor.sendKeys(server, closed, ['Escape'])).rejects.toMatchObject(gone);
    await expect(executor.capturePane(server, closed, 5)).rejects.toMatchObject(gone);
    // The failed paste left no buffer behind.
    expect((await tmux.tmux(['list-buffers'])).stdout).toBe('');
  });

  it('reports a pane on a tmux server that is not running as gone', async () => {
    const { executor, server, tmux } = context();
    const nowhere: ServerConfig = {
      ...server,
      id: `${server.id}-nowhere`,
      tmuxSocket: { path: join(tmux.dir, 'none.sock') },
    };
    expect(existsSync(join(tmux.dir, 'none.sock'))).toBe(false);
    await expect(executor.sendText(nowhere, '%0', 'hello')).rejects.toMatchObject({
      code: ExecutorErrorCode.PaneGone,
    });
    expect(await executor.paneExists(nowhere, '%0')).toBe(false);
  });

  it('refuses targets that are not panes before running anything', async () => {
    const { executor, server } = context();
    for (const target of ['', '%3;kill-server', '-t', '$(id)', 'a b']) {
      await expect(executor.sendText(server, target, 'x')).rejects.toMatchObject({
        code: ExecutorErrorCode.InvalidTarget,
      });
    }
  });

  it('answers ping with a round-trip time', async () => {
    const { executor, server } = context();
    const rtt = await executor.ping(server);
    expect(typeof rtt).toBe('number');
    expect(Number.isFinite(rtt)).toBe(true);
  });
}
