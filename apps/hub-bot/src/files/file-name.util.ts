/** Long enough for any real name; short enough for every file system and a typed prompt. */
const MAX_NAME_CHARS = 100;
const MAX_EXTENSION_CHARS = 12;

/**
 * A file name that is safe to create and to type: letters and digits of any script, `.`, `_`,
 * `+` and `-`, anything else (quotes, spaces, line breaks, `$`, parentheses, slashes…) turned
 * into `_`; no leading `-` or `.` (no option look-alikes, hidden files, `..`); at most 100
 * characters, the extension kept. `fallback` when nothing is left.
 */
export function safeFileName(name: string | undefined, fallback: string): string {
  // Only the last part of a path a client may have sent along with the name.
  const base = (name ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  let safe = base
    .replace(/[^\p{L}\p{N}._+-]+/gu, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[-._]+/, '')
    .replace(/[._]+$/, '');
  if (safe === '') return fallback;
  if (safe.length > MAX_NAME_CHARS) {
    const dot = safe.lastIndexOf('.');
    const extension =
      dot > 0 && safe.length - dot <= MAX_EXTENSION_CHARS + 1 ? safe.slice(dot) : '';
    safe = safe.slice(0, MAX_NAME_CHARS - extension.length).replace(/[._]+$/, '') + extension;
  }
  return safe;
}

/** `photo.jpg` → `photo-2.jpg`, for the second file of that name in a folder. */
export function numberedName(name: string, n: number): string {
  if (n <= 1) return name;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
}

/** `20250102-030405`, in UTC, from a Telegram message's date (seconds). */
export function stampOf(unixSeconds: number): string {
  return new Date(unixSeconds * 1000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace('T', '-')
    .slice(0, 15);
}

/** `1.2 MB`, `340 KB`, `12 B`: sizes as people say them (1 KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = value < 10 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value));
  return `${shown} ${units[unit]}`;
}
