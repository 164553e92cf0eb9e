import { readFileSync } from 'node:fs';

/** A process's resident memory from /proc, in MiB: `VmRSS` now, `VmHWM` its peak so far. */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return {
    rssMiB: Math.round(kib('VmRSS') / 102.4) / 10,
    peakMiB: Math.round(kib('VmHWM') / 102.4) / 10,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether a process has mapped a file whose path ends with `name` (a native addon, say). */
export function hasMapped(pid: number, name: string): boolean {
  return readFileSync(`/proc/${pid}/maps`, 'utf8')
    .split('\n')
    .some((line) => line.endsWith(`/${name}`));
}
