import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../src/index';

export const HOUR = 3_600_000;

/** A clock the test moves by hand. */
export class FakeClock {
  private ms: number;

  constructor(start: string | number = '2026-01-01T00:00:00.000Z') {
    this.ms = typeof start === 'number' ? start : Date.parse(start);
  }

  readonly now = (): Date => new Date(this.ms);

  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * Real database files in a fresh temp folder per test; `cleanup` closes every DataSource it
 * opened and removes the folder.
 */
export class TempDatabases {
  private dir: string | undefined;
  private readonly opened: DataSource[] = [];

  async folder(): Promise<string> {
    this.dir ??= await mkdtemp(join(tmpdir(), 'ccr-session-'));
    return this.dir;
  }

  async path(name = 'sessions.db'): Promise<string> {
    return join(await this.folder(), name);
  }

  async open(path?: string): Promise<DataSource> {
    const dataSource = await openDatabase({ path: path ?? (await this.path()) });
    this.track(dataSource);
    return dataSource;
  }

  track(dataSource: DataSource): DataSource {
    this.opened.push(dataSource);
    return dataSource;
  }

  async cleanup(): Promise<void> {
    for (const dataSource of this.opened.splice(0)) {
      if (dataSource.isInitialized) await dataSource.destroy();
    }
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}
