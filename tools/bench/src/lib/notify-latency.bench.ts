import { claudeHookFixture, runNode, type FakeTelegramBotApi } from '@ccr/testing';
import { dirname, join } from 'node:path';
import { CLI_MAIN, SECRET, baseEnv, type RunningHub } from './apps.util';
import { sleep } from './proc.util';
import { summarize, type Summary } from './stats.util';

export interface NotifyLatency {
  /** Hook process spawned → sendMessage received by the Bot API, one event at a time. */
  single: Summary;
  /** Two events 50 ms apart: spawn of the second → the message that carries it. */
  burstSecond: Summary;
}

function cliEnv(home: string, hub: RunningHub, serverId: string): NodeJS.ProcessEnv {
  return baseEnv({
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local/state'),
    SERVER_ID: serverId,
    CENTRAL_HUB_ENDPOINT: `${hub.url}/notify`,
    SHARED_SECRET: SECRET,
  });
}

/** Time from `at` to the first sendMessage recorded after call number `after` whose text includes `marker`. */
async function deliveredAfter(
  telegram: FakeTelegramBotApi,
  after: number,
  marker: string,
): Promise<number> {
  for (let waited = 0; waited < 15_000; waited += 2) {
    const call = telegram
      .calls('sendMessage')
      .slice(after)
      .find((c) => !c.failed && String(c.params['text']).includes(marker));
    if (call) return call.at.getTime();
    await sleep(2);
  }
  throw new Error(`no sendMessage with ${marker} within 15 s`);
}

export async function measureNotifyLatency(
  hub: RunningHub,
  telegram: FakeTelegramBotApi,
  home: string,
  runs: number,
  chatIntervalMs: number,
): Promise<NotifyLatency> {
  const stop = claudeHookFixture('stop.json');
  const single: number[] = [];
  const burstSecond: number[] = [];

  for (let i = 0; i < runs; i += 1) {
    // Wait for the chat's slot to open, as a user's next task would.
    await sleep(chatIntervalMs + 50);
    const serverId = `lat${i}`;
    const before = telegram.calls('sendMessage').length;
    const started = Date.now();
    await runNode(CLI_MAIN, ['hook'], {
      stdin: stop.text,
      env: cliEnv(home, hub, serverId),
      cwd: dirname(stop.path),
    });
    single.push((await deliveredAfter(telegram, before, `[${serverId.toUpperCase()}]`)) - started);
  }

  for (let i = 0; i < Math.max(5, Math.floor(runs / 3)); i += 1) {
    await sleep(chatIntervalMs + 50);
    const before = telegram.calls('sendMessage').length;
    const first = runNode(CLI_MAIN, ['hook'], {
      stdin: stop.text,
      env: cliEnv(home, hub, `bur${i}a`),
      cwd: dirname(stop.path),
    });
    await sleep(50);
    const started = Date.now();
    const second = runNode(CLI_MAIN, ['hook'], {
      stdin: stop.text,
      env: cliEnv(home, hub, `bur${i}b`),
      cwd: dirname(stop.path),
    });
    await Promise.all([first, second]);
    burstSecond.push((await deliveredAfter(telegram, before, `[BUR${i}B]`)) - started);
  }

  return { single: summarize(single), burstSecond: summarize(burstSecond) };
}
