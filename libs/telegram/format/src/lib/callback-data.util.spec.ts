import {
  CALLBACK_DATA_MAX_BYTES,
  MAX_PROJECT_BUTTONS,
  escCallbackData,
  folderTag,
  newCallbackData,
  outputCallbackData,
  parseCallbackData,
  permissionCallbackData,
  stopCallbackData,
  trustCallbackData,
  planCallbackData,
  questionCallbackData,
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

  it('reads back a project button: server, place in the list and the tag of its folder', () => {
    const data = newCallbackData('kr4', 2, '~/webapp');
    expect(data).toBe(`new:kr4:2:${folderTag('~/webapp')}`);
    expect(parseCallbackData(data)).toEqual({
      kind: 'new',
      serverId: 'kr4',
      projectIndex: 2,
      folderTag: folderTag('~/webapp'),
    });
  });

  it('tags folders apart, in a few characters', () => {
    const tags = ['~/webapp', '~/webapp2', '/srv/api', '~/a b', '~/日本'].map(folderTag);
    expect(new Set(tags).size).toBe(tags.length);
    for (const tag of tags) expect(tag).toMatch(/^[0-9a-z]{1,7}$/);
    expect(folderTag('~/webapp')).toBe(folderTag('~/webapp'));
  });

  it('reads back Stop, its confirmation and Keep', () => {
    expect(stopCallbackData(9)).toBe('stop:9');
    expect(stopCallbackData(9, 'sure')).toBe('stop:9:sure');
    expect(stopCallbackData(9, 'keep')).toBe('stop:9:keep');
    expect(parseCallbackData('stop:9')).toEqual({ kind: 'stop', sessionId: 9, step: 'ask' });
    expect(parseCallbackData('stop:9:sure')).toEqual({ kind: 'stop', sessionId: 9, step: 'sure' });
    expect(parseCallbackData('stop:9:keep')).toEqual({ kind: 'stop', sessionId: 9, step: 'keep' });
  });

  it('reads back the answers to the trust question', () => {
    expect(trustCallbackData(4, true)).toBe('trust:4:yes');
    expect(parseCallbackData('trust:4:yes')).toEqual({ kind: 'trust', launchId: 4, trust: true });
    expect(parseCallbackData(trustCallbackData(4, false))).toEqual({
      kind: 'trust',
      launchId: 4,
      trust: false,
    });
  });

  it('reads back the presses on a question: an option, Done, Other…', () => {
    expect(questionCallbackData(42, 0, { kind: 'option', optionIndex: 3 })).toBe('q:42:0:3');
    expect(questionCallbackData(42, 2, { kind: 'done' })).toBe('q:42:2:done');
    expect(questionCallbackData(42, 1, { kind: 'other' })).toBe('q:42:1:other');
    expect(parseCallbackData('q:42:0:3')).toEqual({
      kind: 'question',
      permissionId: 42,
      questionIndex: 0,
      press: { kind: 'option', optionIndex: 3 },
    });
    expect(parseCallbackData('q:42:2:done')).toEqual({
      kind: 'question',
      permissionId: 42,
      questionIndex: 2,
      press: { kind: 'done' },
    });
    expect(parseCallbackData('q:42:1:other')).toMatchObject({ press: { kind: 'other' } });
  });

  it('reads back Approve and Keep planning under a plan', () => {
    expect(planCallbackData(9, 'approve')).toBe('plan:9:approve');
    expect(planCallbackData(9, 'keep')).toBe('plan:9:keep');
    expect(parseCallbackData('plan:9:keep')).toEqual({
      kind: 'plan',
      permissionId: 9,
      decision: 'keep',
    });
  });

  it('refuses question and option indexes beyond one digit', () => {
    expect(() => questionCallbackData(1, 10, { kind: 'done' })).toThrow(RangeError);
    expect(() => questionCallbackData(1, 0, { kind: 'option', optionIndex: -1 })).toThrow(
      RangeError,
    );
    expect(() => planCallbackData(0, 'approve')).toThrow(RangeError);
  });

  it('stays within 64 bytes for the largest ids and server ids', () => {
    const id = Number.MAX_SAFE_INTEGER;
    for (const data of [
      questionCallbackData(id, 9, { kind: 'other' }),
      questionCallbackData(id, 9, { kind: 'option', optionIndex: 9 }),
      planCallbackData(id, 'approve'),
      permissionCallbackData(id, 'allow-session'),
      outputCallbackData(id),
      escCallbackData(id),
      newCallbackData('k'.repeat(32), MAX_PROJECT_BUTTONS - 1, '~/'.repeat(500)),
      stopCallbackData(id, 'sure'),
      stopCallbackData(id, 'keep'),
      trustCallbackData(id, false),
    ]) {
      expect(new TextEncoder().encode(data).length).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
      expect(parseCallbackData(data)).not.toBeNull();
    }
  });

  it('refuses ids that are not positive whole numbers', () => {
    for (const id of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => permissionCallbackData(id, 'allow')).toThrow(RangeError);
      expect(() => outputCallbackData(id)).toThrow(RangeError);
      expect(() => stopCallbackData(id)).toThrow(RangeError);
      expect(() => trustCallbackData(id, true)).toThrow(RangeError);
    }
    expect(() => newCallbackData('kr 4', 0, '~/a')).toThrow(RangeError);
    expect(() => newCallbackData('kr4', MAX_PROJECT_BUTTONS, '~/a')).toThrow(RangeError);
    expect(() => newCallbackData('kr4', -1, '~/a')).toThrow(RangeError);
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
    'q:1:0',
    'q:1:0:10',
    'q:1:10:0',
    'q:1:0:maybe',
    'q:1:0:done:1',
    'q:0:0:done',
    'plan:1',
    'plan:1:yes',
    'plan:1:approve:1',
    'constructor:1',
    '__proto__:1',
    `perm:1:${'a'.repeat(70)}`,
    'perm:1:allow\n',
    'new:kr4:1',
    'new:kr4:01:abc',
    'new:kr4:24:abc',
    'new:kr 4:1:abc',
    'new:kr4:1:ABC',
    'new:kr4:1:abcdefgh',
    'new:kr4:1:abc:x',
    'stop:',
    'stop:0',
    'stop:1:maybe',
    'stop:1:sure:x',
    'trust:1',
    'trust:1:maybe',
    'trust:x:yes',
    '__proto__:1',
    'constructor:1',
  ])('ignores %j, which this bot never wrote', (data) => {
    expect(parseCallbackData(data)).toBeNull();
  });
});
