// Stands in for Claude Code inside a tmux pane, for tests. Reads the terminal in raw mode and
// appends one JSON line per event to a file:
//   {"type":"submit","text":"…","pasted":true}  Enter pressed; `text` is everything typed or
//                                                 pasted since the previous Enter, byte-exact
//   {"type":"key","key":"Escape"}                 a key that is not text (Escape, C-c, C-d, Tab)
// Raw mode (not line reading) because a terminal in canonical mode cuts lines at 4095 bytes
// and turns ^C into a signal. With --bracketed-paste it asks for bracketed paste, as Claude
// Code does; text between the markers is one paste, its CRs (tmux's line ends) read as \n.
// Every byte received is also appended to `<events>.raw`, markers included.
// It is used where the bytes tmux delivers are what is tested, which the real Claude Code does
// not show: the executor's typing tests (libs/ssh/executor/test) and the benchmark's "keys in
// the pane" figure. End-to-end tests drive the real Claude Code (startClaudeCode).
// Usage: node claude-stand-in.cjs <events.jsonl> <ready-file> [--bracketed-paste]
'use strict';
const fs = require('node:fs');

const [eventsPath, readyPath, ...flags] = process.argv.slice(2);
if (!eventsPath || !readyPath) {
  process.stderr.write(
    'usage: claude-stand-in.cjs <events.jsonl> <ready-file> [--bracketed-paste]\n',
  );
  process.exit(2);
}
const bracketed = flags.includes('--bracketed-paste');
fs.writeFileSync(eventsPath, '');
const PASTE_START = Buffer.from('\x1b[200~');
const PASTE_END = Buffer.from('\x1b[201~');
// A lone ESC is the Escape key only if nothing follows it this soon (as in real terminals).
const ESCAPE_WAIT_MS = 50;
const KEYS = { 0x03: 'C-c', 0x04: 'C-d', 0x09: 'Tab', 0x7f: 'BSpace' };

let pending = Buffer.alloc(0);
let text = [];
let inPaste = false;
let pasted = false;
let submissions = 0;
let escapeTimer;

function record(event) {
  fs.appendFileSync(eventsPath, `${JSON.stringify(event)}\n`);
}

function show(line) {
  // Raw mode turns off output processing: a line end needs its own carriage return.
  process.stdout.write(`${line.replace(/\n/g, '\r\n')}\r\n`);
}

function isPrefixOf(bytes, marker) {
  return bytes.length < marker.length && marker.subarray(0, bytes.length).equals(bytes);
}

function consume() {
  let i = 0;
  while (i < pending.length) {
    const byte = pending[i];
    if (byte === 0x1b) {
      const rest = pending.subarray(i);
      if (rest.subarray(0, PASTE_START.length).equals(PASTE_START)) {
        inPaste = true;
        pasted = true;
        i += PASTE_START.length;
        continue;
      }
      if (rest.subarray(0, PASTE_END.length).equals(PASTE_END)) {
        inPaste = false;
        i += PASTE_END.length;
        continue;
      }
      if (isPrefixOf(rest, PASTE_START) || isPrefixOf(rest, PASTE_END)) break;
      record({ type: 'key', key: 'Escape' });
      i += 1;
      continue;
    }
    if (inPaste) {
      text.push(byte === 0x0d ? 0x0a : byte);
    } else if (byte === 0x0d) {
      const submitted = Buffer.from(text).toString('utf8');
      submissions += 1;
      record({ type: 'submit', text: submitted, pasted });
      show(`[stand-in] submission ${submissions}:`);
      show(submitted);
      text = [];
      pasted = false;
    } else if (KEYS[byte] !== undefined) {
      record({ type: 'key', key: KEYS[byte] });
    } else {
      text.push(byte);
    }
    i += 1;
  }
  pending = pending.subarray(i);
  clearTimeout(escapeTimer);
  if (pending.length > 0) {
    escapeTimer = setTimeout(() => {
      // Nothing completed the sequence: the ESC was a key press.
      record({ type: 'key', key: 'Escape' });
      pending = pending.subarray(1);
      consume();
    }, ESCAPE_WAIT_MS);
  }
}

process.stdin.setRawMode(true);
process.stdin.on('data', (chunk) => {
  fs.appendFileSync(`${eventsPath}.raw`, chunk);
  pending = Buffer.concat([pending, chunk]);
  consume();
});
process.on('SIGHUP', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

if (bracketed) process.stdout.write('\x1b[?2004h');
show('[stand-in] ready');
fs.writeFileSync(readyPath, String(process.pid));
