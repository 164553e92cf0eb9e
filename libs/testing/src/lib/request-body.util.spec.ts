import {
  TelegramApiError,
  normalizeParams,
  parseMultipart,
  requestParams,
} from './request-body.util';

describe('requestParams', () => {
  it('merges the query string and a JSON body, the body winning', () => {
    const body = Buffer.from(
      JSON.stringify({
        chat_id: '-100123',
        text: 'from body',
        reply_markup: { inline_keyboard: [] },
      }),
    );
    expect(
      requestParams(
        'application/json; charset=utf-8',
        body,
        new URLSearchParams('text=from+query&offset=5'),
      ),
    ).toEqual({
      chat_id: -100123,
      text: 'from body',
      offset: 5,
      reply_markup: { inline_keyboard: [] },
    });
  });

  it('refuses a body that is not a JSON object', () => {
    expect(() =>
      requestParams('application/json', Buffer.from('[1]'), new URLSearchParams()),
    ).toThrow(TelegramApiError);
    expect(() =>
      requestParams('application/json', Buffer.from('{'), new URLSearchParams()),
    ).toThrow("Bad Request: can't parse JSON object");
  });
});

describe('normalizeParams', () => {
  it('turns integer-looking ids into numbers, booleans into booleans, JSON text into objects', () => {
    expect(
      normalizeParams({
        chat_id: '42',
        message_id: ' 7 ',
        text: '42',
        show_alert: 'false',
        commands: '[{"command":"x","description":"y"}]',
        user: '@name',
      }),
    ).toEqual({
      chat_id: 42,
      message_id: 7,
      text: '42',
      show_alert: false,
      commands: [{ command: 'x', description: 'y' }],
      user: '@name',
    });
    expect(normalizeParams({ chat_id: '@channel' })).toEqual({ chat_id: '@channel' });
  });

  it('refuses JSON fields that do not parse', () => {
    expect(() => normalizeParams({ reply_markup: '{oops' })).toThrow(
      "can't parse reply_markup JSON object",
    );
  });
});

describe('parseMultipart', () => {
  it('reads text fields, multi-line values and files', () => {
    const body = Buffer.from(
      [
        '--XyZ',
        'Content-Disposition: form-data; name="chat_id"',
        '',
        '42',
        '--XyZ',
        'Content-Disposition: form-data; name="text"',
        '',
        'line 1\r\nline 2 ü',
        '--XyZ',
        'Content-Disposition: form-data; name="document"; filename="a.txt"',
        'Content-Type: text/plain',
        '',
        'abc',
        '--XyZ--',
        '',
      ].join('\r\n'),
    );
    expect(parseMultipart(body, 'XyZ')).toEqual({
      chat_id: '42',
      text: 'line 1\r\nline 2 ü',
      document: {
        filename: 'a.txt',
        contentType: 'text/plain',
        size: 3,
        content: Buffer.from('abc'),
      },
    });
    expect(
      requestParams('multipart/form-data; boundary="XyZ"', body, new URLSearchParams()),
    ).toEqual(expect.objectContaining({ chat_id: 42 }));
  });

  it('refuses a body without its boundary', () => {
    expect(() => parseMultipart(Buffer.from('nothing here'), 'XyZ')).toThrow(
      'invalid multipart body',
    );
  });
});
