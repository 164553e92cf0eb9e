import { REDACTED, redactText, redactValue } from './log-redaction.util';

const TOKEN = '123456789:AAE_secret-token_abcdefghijk';

describe('redactText', () => {
  it('cuts the token out of a Bot API URL, and any listed secret', () => {
    const text = `request to https://api.telegram.org/bot${TOKEN}/getUpdates failed; hook s3cr3t-hook`;
    const redacted = redactText(text, ['s3cr3t-hook']);
    expect(redacted).toBe(
      `request to https://api.telegram.org/bot${REDACTED}/getUpdates failed; hook ${REDACTED}`,
    );
    expect(redacted).not.toContain('AAE_secret');
  });

  it('cuts a bare token when it is listed', () => {
    expect(redactText(`token ${TOKEN}`, [TOKEN])).toBe(`token ${REDACTED}`);
  });
});

describe('redactValue', () => {
  it('covers nested strings and errors, and leaves the original alone', () => {
    const err = new Error(`connect to /bot${TOKEN}/sendMessage failed`);
    const input = { update_id: 5, err, nested: { url: `http://x/bot${TOKEN}/getMe` } };
    const output = redactValue(input, []) as Record<string, Record<string, unknown>>;
    expect(JSON.stringify(output)).not.toContain(TOKEN);
    expect(output['err']['message']).toBe(`connect to /bot${REDACTED}/sendMessage failed`);
    expect(output['update_id']).toBe(5);
    expect(err.message).toContain(TOKEN);
  });
});
