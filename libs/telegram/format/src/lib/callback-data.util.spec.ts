import {
  CALLBACK_DATA_MAX_BYTES,
  escCallbackData,
  outputCallbackData,
  parseCallbackData,
  permissionCallbackData,
} from './callback-data.util';

describe('callback data', () => {
  it.each(['allow', 'allow-session', 'deny'] as const)(
    'reads back a permission %s press',
    (decision) => {
      const data = permissionCallbackData(42, decision);
      expect(data).toBe(`perm:42:${decision}`);
      expect(parseCallbackData(data)).toEqual({ kind: 'permission', permissionId: 42, decision });
    },
  );

  it('reads back Output and Esc presses', () => {
    expect(outputCallbackData(7)).toBe('out:7');
    expect(escCallbackData(7)).toBe('esc:7');
    expect(parseCallbackData('out:7')).toEqual({ kind: 'output', sessionId: 7 });
    expect(parseCallbackData('esc:123456')).toEqual({ kind: 'esc', sessionId: 123456 });
  });

  it('stays within 64 bytes for the largest ids', () => {
    const id = Number.MAX_SAFE_INTEGER;
    for (const data of [
      permissionCallbackData(id, 'allow-session'),
      outputCallbackData(id),
      escCallbackData(id),
    ]) {
      expect(new TextEncoder().encode(data).length).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
      expect(parseCallbackData(data)).not.toBeNull();
    }
  });

  it('refuses ids that are not positive whole numbers', () => {
    for (const id of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => permissionCallbackData(id, 'allow')).toThrow(RangeError);
      expect(() => outputCallbackData(id)).toThrow(RangeError);
    }
  });

  it.each([
    '',
    'perm',
    'perm:1',
    'perm:1:maybe',
    'perm:1:allow:extra',
    'perm:0:allow',
    'perm:01:allow',
    'perm:-1:deny',
    'perm:1.5:deny',
    'perm:9007199254740993:allow',
    'PERM:1:allow',
    ' perm:1:allow',
    'out:',
    'out:abc',
    'out:1:2',
    'esc:0',
    'cmd:1',
    `perm:1:${'a'.repeat(70)}`,
    'perm:1:allow\n',
  ])('ignores %j, which this bot never wrote', (data) => {
    expect(parseCallbackData(data)).toBeNull();
  });
});
