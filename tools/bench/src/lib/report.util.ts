import type { Machine } from './machine.util';

export interface Figure {
  id: string;
  figure: string;
  aim: string;
  measured: string;
  /** Null for a figure measured beside others, with no aim of its own. */
  met: boolean | null;
  details: unknown;
}

export interface Results {
  ranAt: string;
  quick: boolean;
  machine: Machine;
  figures: Figure[];
}

export function renderMarkdown(results: Results): string {
  const { machine } = results;
  const rows = results.figures.map(
    (f) =>
      `| ${f.figure} | ${f.aim} | ${f.measured} | ${f.met === null ? '—' : f.met ? 'yes' : '**no**'} |`,
  );
  return [
    `# Benchmark results`,
    '',
    `Ran ${results.ranAt}${results.quick ? ' (quick run: fewer samples)' : ''} on ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}. Everything on loopback; Telegram is a fake Bot API. The apps, the load generator, PostgreSQL and the fake Bot API all share these cores, with whatever else the machine runs at the time.`,
    '',
    '| figure | aim | measured | met |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    'Memory is resident set size read from /proc, in MiB. See bench/README.md for how each figure is taken.',
    '',
  ].join('\n');
}
