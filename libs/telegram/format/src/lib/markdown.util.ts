import { escapeHtml } from './html.util';

/*
 * Markdown, as Claude writes a plan, rendered to Telegram's HTML: headings in bold, lists with
 * bullets, emphasis, inline code, fenced code blocks, tables and quotes. Telegram knows only a
 * handful of tags, so this is a small renderer of its own rather than a full CommonMark one.
 * Every block it returns is valid HTML on its own (each tag it opens, it closes), so a message
 * can end after any block; everything from the plan is escaped.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)\s*$/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const BULLET = /^(\s*)[-*+]\s+(.*)$/;
const NUMBERED = /^(\s*)(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const SAFE_URL = /^(https?:\/\/|mailto:)[^\s"<>]+$/i;

/** Inline emphasis delimiters, longest first, and the tag each becomes. */
const EMPHASIS: ReadonlyArray<{ mark: string; tag: string }> = [
  { mark: '**', tag: 'b' },
  { mark: '__', tag: 'b' },
  { mark: '~~', tag: 's' },
  { mark: '*', tag: 'i' },
  { mark: '_', tag: 'i' },
];

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

/**
 * Where the emphasis opened by `mark` at `from` closes, or -1. An underscore inside a word
 * (`snake_case`) neither opens nor closes, and the content may not start or end with a space.
 */
function closingMark(text: string, mark: string, from: number): number {
  const start = from + mark.length;
  if (text[start] === undefined || /\s/.test(text[start] ?? '')) return -1;
  if (mark.startsWith('_') && isWordChar(text[from - 1])) return -1;
  let at = text.indexOf(mark, start + 1);
  while (at !== -1) {
    const before = text[at - 1] ?? '';
    const after = text[at + mark.length];
    const insideWord = mark.startsWith('_') && isWordChar(after);
    // `**` must not be taken as the end of a single `*`.
    const doubled = mark.length === 1 && text[at + 1] === mark;
    if (!/\s/.test(before) && !insideWord && !doubled && !insideCode(text, start, at)) return at;
    at = text.indexOf(mark, at + (doubled ? 2 : 1));
  }
  return -1;
}

/** True when `at` falls inside a code span that starts at or after `from`. */
function insideCode(text: string, from: number, at: number): boolean {
  let i = from;
  while (i < at) {
    if (text[i] === '`') {
      const run = /^`+/.exec(text.slice(i))?.[0] ?? '`';
      const end = text.indexOf(run, i + run.length);
      if (end === -1) return false;
      if (at < end + run.length) return true;
      i = end + run.length;
    } else i += 1;
  }
  return false;
}

/** One line's inline Markdown as Telegram HTML. */
export function inlineMarkdown(text: string): string {
  let html = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length && /[\\`*_~[\]()#>|-]/.test(text[i + 1] ?? '')) {
      html += escapeHtml(text[i + 1] ?? '');
      i += 2;
      continue;
    }
    if (ch === '`') {
      const run = /^`+/.exec(text.slice(i))?.[0] ?? '`';
      const end = text.indexOf(run, i + run.length);
      if (end !== -1) {
        const code = text.slice(i + run.length, end).replace(/^ (.*) $/, '$1');
        html += `<code>${escapeHtml(code)}</code>`;
        i = end + run.length;
        continue;
      }
      html += escapeHtml(run);
      i += run.length;
      continue;
    }
    if (ch === '[') {
      const link = /^\[([^\]]+)\]\(([^()\s]+)\)/.exec(text.slice(i));
      if (link) {
        const [whole, label = '', url = ''] = link;
        html += SAFE_URL.test(url)
          ? `<a href="${escapeHtml(url)}">${inlineMarkdown(label)}</a>`
          : `${inlineMarkdown(label)} (${escapeHtml(url)})`;
        i += whole.length;
        continue;
      }
    }
    const emphasis = EMPHASIS.find(({ mark }) => text.startsWith(mark, i));
    if (emphasis) {
      const end = closingMark(text, emphasis.mark, i);
      if (end !== -1) {
        const inner = text.slice(i + emphasis.mark.length, end);
        html += `<${emphasis.tag}>${inlineMarkdown(inner)}</${emphasis.tag}>`;
        i = end + emphasis.mark.length;
        continue;
      }
      html += escapeHtml(emphasis.mark);
      i += emphasis.mark.length;
      continue;
    }
    html += escapeHtml(ch);
    i += 1;
  }
  return html;
}

/**
 * A rendered block: its HTML, which is `open`, its `lines` joined with line breaks, and
 * `close` (each line valid HTML on its own, so that a block cut after any line still is), and
 * the Markdown it came from.
 */
export interface MarkdownBlock {
  html: string;
  source: string;
  open: string;
  lines: string[];
  close: string;
}

interface Rendered {
  open?: string;
  lines: string[];
  close?: string;
}

function codeBlock(lines: string[], language: string): Rendered {
  return {
    open: language === '' ? '<pre>' : `<pre><code class="language-${escapeHtml(language)}">`,
    lines: lines.map(escapeHtml),
    close: language === '' ? '</pre>' : '</code></pre>',
  };
}

/** The block's first lines that fit `room` characters, as HTML; null when not even one does. */
export function cutBlock(block: MarkdownBlock, room: number): string | null {
  let html: string | null = null;
  for (let count = 1; count <= block.lines.length; count += 1) {
    const next = `${block.open}${block.lines.slice(0, count).join('\n')}${block.close}`;
    if (next.length > room) break;
    html = next;
  }
  return html;
}

function listLine(line: string): string | null {
  const bullet = BULLET.exec(line);
  if (bullet) {
    const [, indent = '', rest = ''] = bullet;
    const task = /^\[([ xX])\]\s+(.*)$/.exec(rest);
    const mark = task ? (task[1] === ' ' ? '☐' : '☑') : '•';
    return `${indent}${mark} ${inlineMarkdown(task ? (task[2] ?? '') : rest)}`;
  }
  const numbered = NUMBERED.exec(line);
  if (numbered) {
    const [, indent = '', n = '', rest = ''] = numbered;
    return `${indent}${n}. ${inlineMarkdown(rest)}`;
  }
  return null;
}

/**
 * The blocks of a Markdown text, in order, each as Telegram HTML. A fence left open runs to
 * the end, as in CommonMark.
 */
export function markdownBlocks(markdown: string): MarkdownBlock[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: MarkdownBlock[] = [];
  let i = 0;
  const take = (start: number, end: number, rendered: Rendered): void => {
    const open = rendered.open ?? '';
    const close = rendered.close ?? '';
    blocks.push({
      html: `${open}${rendered.lines.join('\n')}${close}`,
      source: lines.slice(start, end).join('\n'),
      open,
      lines: rendered.lines,
      close,
    });
  };
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const start = i;
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const [, marker = '```', language = ''] = fence;
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !(lines[i] ?? '').trim().startsWith(marker)) {
        body.push(lines[i] ?? '');
        i += 1;
      }
      i += 1;
      take(start, Math.min(i, lines.length), codeBlock(body, language));
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      i += 1;
      take(start, i, { lines: [`<b>${inlineMarkdown(heading[2] ?? '')}</b>`] });
      continue;
    }
    if (RULE.test(line)) {
      i += 1;
      take(start, i, { lines: ['———'] });
      continue;
    }
    if (TABLE_ROW.test(line)) {
      const rows: string[] = [];
      while (i < lines.length && TABLE_ROW.test(lines[i] ?? '')) {
        rows.push((lines[i] ?? '').trim());
        i += 1;
      }
      // Monospaced, so that the columns stay columns.
      take(start, i, codeBlock(rows, ''));
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i] ?? '')) {
        quoted.push(inlineMarkdown(QUOTE.exec(lines[i] ?? '')?.[1] ?? ''));
        i += 1;
      }
      take(start, i, { open: '<blockquote>', lines: quoted, close: '</blockquote>' });
      continue;
    }
    if (listLine(line) !== null) {
      const items: string[] = [];
      while (i < lines.length && (lines[i] ?? '').trim() !== '') {
        const next = lines[i] ?? '';
        if (FENCE.test(next) || HEADING.test(next)) break;
        items.push(listLine(next) ?? `  ${inlineMarkdown(next.trim())}`);
        i += 1;
      }
      take(start, i, { lines: items });
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length) {
      const next = lines[i] ?? '';
      if (next.trim() === '' || (i > start && startsBlock(next))) break;
      paragraph.push(inlineMarkdown(next.trim()));
      i += 1;
    }
    take(start, i, { lines: paragraph });
  }
  return blocks;
}

function startsBlock(line: string): boolean {
  return (
    FENCE.test(line) ||
    HEADING.test(line) ||
    RULE.test(line) ||
    TABLE_ROW.test(line) ||
    QUOTE.test(line) ||
    listLine(line) !== null
  );
}

/** The whole text as Telegram HTML, blocks apart by a blank line. */
export function markdownToTelegramHtml(markdown: string): string {
  return markdownBlocks(markdown)
    .map((block) => block.html)
    .join('\n\n');
}
