import type { SpoolDelivery } from '../../delivery/deliver-spool.util';

export function formatFlushReport(dir: string, result: SpoolDelivery): string[] {
  const lines: string[] = [];
  if (result.requeued > 0) lines.push(`requeued ${result.requeued} rejected event(s)`);
  lines.push(
    `delivered ${result.delivered}, rejected ${result.rejected.length}, waiting ${result.remaining} (spool ${dir})`,
  );
  for (const rejection of result.rejected) {
    lines.push(
      `✗ the hub refused ${rejection.name} (${rejection.reason}); moved to ${rejection.movedTo}`,
    );
  }
  if (result.remaining > 0) {
    lines.push(
      `✗ hub not reached (${result.stopReason ?? 'unknown'}); run "remote-hook doctor" to see why`,
    );
  }
  return lines;
}
