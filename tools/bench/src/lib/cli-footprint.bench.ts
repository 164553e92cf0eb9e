import { claudeHookFixture } from '@ccr/testing';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { CLI_MAIN, SECRET, baseEnv, type RunningHub } from './apps.util';
import { summarize, type Summary } from './stats.util';

export interface CliFootprint {
  wallMs: Summary;
  peakRssMiB: Summary;
}

/*
 * Wall time and peak RSS of one hook run, as the kernel accounts them for a child process
 * (getrusage RUSAGE_CHILDREN), measured by a tiny Python parent so that nothing of Node's
 * own start-up in the parent is counted.
 */
const PROBE = `
import json, resource, subprocess, sys, time
started = time.perf_counter()
with open(sys.argv[1], 'rb') as stdin:
    subprocess.run(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
wall = (time.perf_counter() - started) * 1000
print(json.dumps({"wallMs": wall, "peakKiB": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
`;

export function measureCliFootprint(hub: RunningHub, home: string, runs: number): CliFootprint {
  const stop = claudeHookFixture('stop.json');
  const env = baseEnv({
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local/state'),
    SERVER_ID: 'cli',
    CENTRAL_HUB_ENDPOINT: `${hub.url}/notify`,
    SHARED_SECRET: SECRET,
  });
  const wall: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const probe = spawnSync(
      'python3',
      ['-c', PROBE, stop.path, process.execPath, CLI_MAIN, 'hook'],
      {
        env,
        cwd: dirname(stop.path),
        encoding: 'utf8',
      },
    );
    if (probe.status !== 0) throw new Error(`CLI probe failed: ${probe.stderr}`);
    const { wallMs, peakKiB } = JSON.parse(probe.stdout) as { wallMs: number; peakKiB: number };
    wall.push(wallMs);
    rss.push(peakKiB / 1024);
  }
  return { wallMs: summarize(wall), peakRssMiB: summarize(rss) };
}
