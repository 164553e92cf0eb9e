/** A text to type and, where the executor normalises it, what must arrive. */
export interface CorpusEntry {
  text: string;
  arrives?: string;
}

/**
 * Texts a user may send that a shell or tmux would act on if they were code. `canary(n)` is a
 * file that only a successful injection creates.
 */
export function singleLineCorpus(canary: (n: number) => string): CorpusEntry[] {
  return [
    { text: `$(touch ${canary(1)})` },
    { text: `\`touch ${canary(2)}\`` },
    { text: `; touch ${canary(3)}` },
    { text: `&& touch ${canary(4)}` },
    { text: `|| touch ${canary(5)} | touch ${canary(6)}` },
    { text: `'; touch ${canary(7)}; echo '` },
    { text: `"; touch ${canary(8)}; echo "` },
    { text: `\\'$(touch ${canary(9)})\\'` },
    { text: `touch ${canary(10)} &` },
    { text: `> ${canary(11)}` },
    // tmux's own syntax: formats, #() commands, command separators.
    { text: `#(touch ${canary(12)}) #{pane_id} #[fg=red]` },
    { text: `x ; run-shell "touch ${canary(13)}"` },
    { text: `\\; run-shell 'touch ${canary(14)}' ;` },
    { text: ';' },
    { text: 'x;' },
    { text: 'abc\\;' },
    { text: '\\\\;' },
    { text: '-l' },
    { text: '--' },
    { text: '-' },
    { text: '-t %0 C-c' },
    // tmux key names, which must arrive as the letters they are.
    { text: 'C-c' },
    { text: 'Escape' },
    { text: 'Enter' },
    { text: 'C-d BSpace M-x F1' },
    { text: '$HOME ${PATH} $$ $? !! !$ $((1+1))' },
    { text: '~ ~root * ? [a-z] {a,b}' },
    { text: 'emoji 🚀👍🏽👨‍👩‍👧 ünïcödé 漢字 עברית' },
    { text: '  leading and trailing spaces  ' },
    // The space keeps Enter a submit in Claude Code (see prepareUserText).
    {
      text: 'back\\slash \\n \\t \\x41 \\u0041 \\',
      arrives: 'back\\slash \\n \\t \\x41 \\u0041 \\ ',
    },
    { text: '"double" and \'single\' quotes' },
    { text: '' },
  ];
}

export function multiLineCorpus(canary: (n: number) => string): CorpusEntry[] {
  return [
    { text: 'line one\nline two\nline three' },
    { text: `first\n$(touch ${canary(20)})\n\`touch ${canary(21)}\`\n; touch ${canary(22)}` },
    { text: '\nstarts with a newline' },
    { text: 'ends with a newline\n' },
    { text: 'tab\tseparated\tvalues' },
    { text: 'blank\n\n\nlines' },
    { text: 'windows\r\nline ends\rand a lone CR', arrives: 'windows\nline ends\nand a lone CR' },
    { text: `mixed 🚀\n'quotes' "and" \\backslashes\\\nC-c\nEscape\n;` },
  ];
}

/** Exactly `length` characters (code points) mixing shell syntax, quotes and emoji. */
export function longText(length: number, canary: string, separator = ' '): string {
  const piece = `$(touch ${canary}) ; | && 'q' "dq" \`b\` 🚀 é C-c${separator}`;
  const chars: string[] = [];
  while (chars.length < length) chars.push(...Array.from(piece));
  return chars.slice(0, length).join('');
}
