import { formatSessionName, parseSessionRef } from './session-name.util';

describe('formatSessionName', () => {
  it('joins server id and number with a colon', () => {
    expect(formatSessionName('kr4', 1)).toBe('kr4:1');
    expect(formatSessionName('web-01_a', 1234)).toBe('web-01_a:1234');
  });

  it('refuses what parseSessionRef could not read back', () => {
    expect(() => formatSessionName('kr:4', 1)).toThrow(RangeError);
    expect(() => formatSessionName('', 1)).toThrow(RangeError);
    expect(() => formatSessionName('kr4', 0)).toThrow(RangeError);
    expect(() => formatSessionName('kr4', 1.5)).toThrow(RangeError);
  });

  it('round-trips through parseSessionRef', () => {
    expect(parseSessionRef(formatSessionName('Kr4', 42))).toEqual({
      kind: 'name',
      serverId: 'Kr4',
      seq: 42,
    });
  });
});

describe('parseSessionRef', () => {
  it('reads a public name', () => {
    expect(parseSessionRef('kr4:1')).toEqual({ kind: 'name', serverId: 'kr4', seq: 1 });
    expect(parseSessionRef('a:999999')).toEqual({ kind: 'name', serverId: 'a', seq: 999999 });
  });

  it('trims surrounding whitespace', () => {
    expect(parseSessionRef('  kr4:7\n')).toEqual({ kind: 'name', serverId: 'kr4', seq: 7 });
    expect(parseSessionRef('\tAB12CD34 ')).toEqual({ kind: 'token', token: 'AB12CD34' });
  });

  it('reads a token in any case and upper-cases it', () => {
    expect(parseSessionRef('ab12cd34')).toEqual({ kind: 'token', token: 'AB12CD34' });
    expect(parseSessionRef('Ab12Cd34')).toEqual({ kind: 'token', token: 'AB12CD34' });
    expect(parseSessionRef('ZZZZZZZZ')).toEqual({ kind: 'token', token: 'ZZZZZZZZ' });
  });

  it('rejects numbers that are not positive integers', () => {
    expect(parseSessionRef('kr4:0')).toBeNull();
    expect(parseSessionRef('kr4:-1')).toBeNull();
    expect(parseSessionRef('kr4:1.5')).toBeNull();
    expect(parseSessionRef('kr4:')).toBeNull();
    expect(parseSessionRef('kr4:1e3')).toBeNull();
    expect(parseSessionRef('kr4:1234567890123456')).toBeNull();
  });

  it('rejects server ids outside SERVER_ID_PATTERN', () => {
    expect(parseSessionRef(':1')).toBeNull();
    expect(parseSessionRef('-kr4:1')).toBeNull();
    expect(parseSessionRef('kr 4:1')).toBeNull();
    expect(parseSessionRef('kr4:1:2')).toBeNull();
    expect(parseSessionRef(`${'a'.repeat(33)}:1`)).toBeNull();
  });

  it('rejects tokens of the wrong length or alphabet', () => {
    expect(parseSessionRef('AB12CD3')).toBeNull();
    expect(parseSessionRef('AB12CD345')).toBeNull();
    expect(parseSessionRef('AB12-D34')).toBeNull();
    expect(parseSessionRef('AB12 D34')).toBeNull();
    expect(parseSessionRef('ÄB12CD34')).toBeNull();
  });

  it('rejects empty input', () => {
    expect(parseSessionRef('')).toBeNull();
    expect(parseSessionRef('   ')).toBeNull();
  });
});
