/**
 * Texts a user may send that a shell or tmux would act on if they were code. `canary(n)` is a
 * file that only a successful injection would create. Each arrives in the pane exactly as sent.
 */
export function injectionCorpus(canary: (n: number) => string): string[] {
  return [
    `$(touch ${canary(1)})`,
    `\`touch ${canary(2)}\``,
    `; touch ${canary(3)}`,
    `&& touch ${canary(4)}`,
    `|| touch ${canary(5)} | touch ${canary(6)}`,
    `'; touch ${canary(7)}; echo '`,
    `"; touch ${canary(8)}; echo "`,
    `\\'$(touch ${canary(9)})\\'`,
    `> ${canary(10)}`,
    `#(touch ${canary(11)}) #{pane_id} #[fg=red]`,
    `x ; run-shell "touch ${canary(12)}"`,
    `\\; run-shell 'touch ${canary(13)}' ;`,
    'ends with a semicolon;',
    '-l',
    '--',
    '-t %0 C-c',
    'C-c',
    'Escape',
    'Enter',
    'C-d BSpace M-x F1',
    '$HOME ${PATH} $$ $? !! $((1+1))',
    '~ * ? [a-z] {a,b}',
    'emoji 🚀👍🏽👨‍👩‍👧 ünïcödé 漢字 עברית',
    '  leading and trailing spaces  ',
    'back\\slash \\n \\t \\x41 \\',
    '"double" and \'single\' quotes',
    `first line\n$(touch ${canary(20)})\n\`touch ${canary(21)}\`\n; touch ${canary(22)} && echo`,
    'tab\tseparated\tvalues',
    'blank\n\n\nlines\n',
  ];
}

/**
 * Exactly `length` characters as Telegram counts them (UTF-16 units), mixing shell syntax,
 * quotes, line breaks and emoji; no emoji is split.
 */
export function longText(length: number, canary: string): string {
  const piece = Array.from(`$(touch ${canary}) ; | && 'q' "dq" \`b\` 🚀 é C-c\n`);
  let text = '';
  for (let i = 0; ; i += 1) {
    const next = piece[i % piece.length] ?? 'x';
    if (text.length + next.length > length) break;
    text += next;
  }
  return text.padEnd(length, 'x');
}

/** A text of the corpus and the prompt Claude Code makes of it. */
export interface ClaudeCorpusEntry {
  text: string;
  arrives: string;
}

/**
 * The corpus as the real Claude Code receives it: each text as one prompt, exactly as sent,
 * but for what Claude Code itself does to every prompt: it drops whitespace at the end, and a
 * pasted tab becomes four spaces.
 */
export function claudeCodeCorpus(canary: (n: number) => string): ClaudeCorpusEntry[] {
  return injectionCorpus(canary).map((text) => ({
    text,
    arrives: text.replace(/\t/g, '    ').trimEnd(),
  }));
}
