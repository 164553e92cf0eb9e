/** One line of `doctor`: what was checked, and on failure what to do about it. */
export interface CheckResult {
  ok: boolean;
  text: string;
}

export function formatCheck(check: CheckResult): string {
  return `${check.ok ? '✓' : '✗'} ${check.text}`;
}
