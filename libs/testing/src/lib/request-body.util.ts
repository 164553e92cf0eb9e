import type { IncomingMessage } from 'node:http';

/** A file sent in a `multipart/form-data` body. */
export interface FakeUploadedFile {
  filename: string;
  contentType: string | null;
  size: number;
  content: Buffer;
}

/** A request the fake answers with a Telegram error instead of a result. */
export class TelegramApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
    this.name = 'TelegramApiError';
  }
}

/** Parameters sent as JSON text inside form and multipart bodies (as Telegram reads them). */
const JSON_FIELDS = new Set([
  'reply_markup',
  'entities',
  'caption_entities',
  'allowed_updates',
  'commands',
  'scope',
  'link_preview_options',
  'reply_parameters',
  'media',
]);

const INTEGER_FIELDS = new Set([
  'chat_id',
  'from_chat_id',
  'message_id',
  'message_thread_id',
  'reply_to_message_id',
  'offset',
  'limit',
  'timeout',
  'cache_time',
  'max_connections',
  'user_id',
]);

const BOOLEAN_FIELDS = new Set([
  'disable_notification',
  'protect_content',
  'disable_web_page_preview',
  'allow_sending_without_reply',
  'show_alert',
  'drop_pending_updates',
]);

/** Reads a whole request body, refusing one larger than `maxBytes`. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBytes) throw new TelegramApiError(413, 'Request Entity Too Large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function headerParameter(header: string, name: string): string | null {
  const match = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header);
  return match ? (match[1] ?? match[2] ?? '') : null;
}

/** Text fields as strings, file fields as FakeUploadedFile. */
export function parseMultipart(body: Buffer, boundary: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new TelegramApiError(400, 'Bad Request: invalid multipart body');
  pos += delimiter.length;
  while (body.subarray(pos, pos + 2).toString('latin1') !== '--') {
    if (body.subarray(pos, pos + 2).toString('latin1') === '\r\n') pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    const contentEnd = headerEnd < 0 ? -1 : body.indexOf(nextDelimiter, headerEnd + 4);
    if (contentEnd < 0) throw new TelegramApiError(400, 'Bad Request: invalid multipart body');

    const headers = new Map<string, string>();
    for (const line of body.subarray(pos, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1));
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = headerParameter(disposition, 'name');
    const filename = headerParameter(disposition, 'filename');
    const content = body.subarray(headerEnd + 4, contentEnd);
    if (name !== null) {
      fields[name] =
        filename === null
          ? content.toString('utf8')
          : ({
              filename,
              contentType: headers.get('content-type')?.trim() ?? null,
              size: content.length,
              content: Buffer.from(content),
            } satisfies FakeUploadedFile);
    }
    pos = contentEnd + nextDelimiter.length;
  }
  return fields;
}

function parseBody(contentType: string, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (mediaType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new TelegramApiError(400, "Bad Request: can't parse JSON object");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new TelegramApiError(400, 'Bad Request: JSON object expected');
    }
    return parsed as Record<string, unknown>;
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  }
  if (mediaType === 'multipart/form-data') {
    const boundary = headerParameter(contentType, 'boundary');
    if (!boundary) throw new TelegramApiError(400, 'Bad Request: multipart boundary is missing');
    return parseMultipart(body, boundary);
  }
  return {};
}

/**
 * Makes parameters comparable whatever the body's encoding: integer fields (`chat_id`,
 * `message_id`, `offset`, …) become numbers when they look like integers, even when a JSON
 * body sent `"42"`; `true`/`false` become booleans; JSON-valued fields (`reply_markup`,
 * `entities`, `commands`, …) are decoded when sent as text. Other text fields stay strings.
 */
export function normalizeParams(params: Record<string, unknown>): Record<string, unknown> {
  const normalized: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value !== 'string') {
      normalized[key] = value;
    } else if (INTEGER_FIELDS.has(key) && /^-?\d+$/.test(value.trim())) {
      normalized[key] = Number(value.trim());
    } else if (BOOLEAN_FIELDS.has(key) && (value === 'true' || value === 'false')) {
      normalized[key] = value === 'true';
    } else if (JSON_FIELDS.has(key)) {
      try {
        normalized[key] = JSON.parse(value);
      } catch {
        throw new TelegramApiError(400, `Bad Request: can't parse ${key} JSON object`);
      }
    } else {
      normalized[key] = value;
    }
  }
  return normalized;
}

/** The parameters of one Bot API request: query string, then body, normalized. */
export function requestParams(
  contentType: string | undefined,
  body: Buffer,
  query: URLSearchParams,
): Record<string, unknown> {
  return normalizeParams({
    ...Object.fromEntries(query),
    ...parseBody(contentType ?? '', body),
  });
}
