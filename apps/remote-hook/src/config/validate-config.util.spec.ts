import type { ConfigLayer } from './config.interface';
import {
  mergeConfigLayers,
  normalizeEndpoint,
  parseEventList,
  validateConfig,
} from './validate-config.util';

const FILE = '/home/dev/.config/ccr/remote-hook.json';
const complete: ConfigLayer = {
  source: 'file',
  values: { serverId: 'kr4', endpoint: 'http://172.24.12.11:3001/notify', secret: 's3cret' },
};

describe('mergeConfigLayers', () => {
  it('lets later layers win value by value and ignores empty values', () => {
    const merged = mergeConfigLayers([
      complete,
      { source: 'env', values: { serverId: 'kr5', secret: '' } },
      { source: 'flag', values: { endpoint: 'https://hub/notify' } },
    ]);
    expect(merged.values).toEqual({
      serverId: 'kr5',
      endpoint: 'https://hub/notify',
      secret: 's3cret',
    });
    expect(merged.sources).toEqual({ serverId: 'env', endpoint: 'flag', secret: 'file' });
  });

  it('takes the extra events of the last layer that names any', () => {
    const merged = mergeConfigLayers([
      { source: 'file', values: {}, extraEvents: ['SubagentStop'] },
      { source: 'env', values: {} },
    ]);
    expect(merged.extraEvents).toEqual(['SubagentStop']);
    expect(merged.extraEventsSource).toBe('file');
  });
});

describe('validateConfig', () => {
  it('accepts a complete config', () => {
    const check = validateConfig(mergeConfigLayers([complete]), FILE);
    expect(check.problems).toEqual([]);
    expect(check.config).toEqual({
      serverId: 'kr4',
      endpoint: 'http://172.24.12.11:3001/notify',
      secret: 's3cret',
      extraEvents: [],
      permissionTimeoutSeconds: 300,
    });
  });

  it('lets a later layer set the permission timeout, and names the flag at fault', () => {
    const check = validateConfig(
      mergeConfigLayers([
        { ...complete, permissionTimeout: '600' },
        { source: 'flag', values: {}, permissionTimeout: '120' },
      ]),
      FILE,
    );
    expect(check.config?.permissionTimeoutSeconds).toBe(120);
    const bad = validateConfig(
      mergeConfigLayers([complete, { source: 'flag', values: {}, permissionTimeout: '2m' }]),
      FILE,
    );
    expect(bad.problems).toEqual([
      '--permission-timeout "2m" is not a whole number of seconds from 1 to 3600',
    ]);
  });

  it('names the variable to set for each missing value', () => {
    const check = validateConfig(mergeConfigLayers([]), FILE);
    expect(check.config).toBeNull();
    expect(check.problems).toEqual([
      'no server id: set SERVER_ID or run "remote-hook install --server-id …"',
      'no hub endpoint: set CENTRAL_HUB_ENDPOINT or run "remote-hook install --endpoint …"',
      'no shared secret: set SHARED_SECRET or run "remote-hook install --secret …"',
    ]);
  });

  it('names the source of a bad value: variable, flag or file field', () => {
    const check = validateConfig(
      mergeConfigLayers([
        { source: 'file', values: { ...complete.values, serverId: 'bad id' } },
        { source: 'env', values: { endpoint: 'ftp://hub/notify' } },
      ]),
      FILE,
    );
    expect(check.problems).toEqual([
      `"serverId" in ${FILE} "bad id" is not a server id: 1 to 32 letters, digits, "_" or "-", starting with a letter or digit`,
      'CENTRAL_HUB_ENDPOINT "ftp://hub/notify" is not an http(s) URL such as http://172.24.12.11:3001/notify',
    ]);
    const flagged = validateConfig(
      mergeConfigLayers([complete, { source: 'flag', values: { serverId: '-x' } }]),
      FILE,
    );
    expect(flagged.problems[0]).toMatch(/^--server-id "-x" is not a server id/);
  });

  it('never repeats the secret in a problem', () => {
    const check = validateConfig(
      mergeConfigLayers([{ source: 'env', values: { secret: 'TOPSECRET', endpoint: 'nope' } }]),
      FILE,
    );
    expect(check.problems.join(' ')).not.toContain('TOPSECRET');
  });

  it('knows SubagentStop as an extra event and refuses unknown ones', () => {
    const ok = validateConfig(
      mergeConfigLayers([{ ...complete, extraEvents: ['SubagentStop', 'SubagentStop'] }]),
      FILE,
    );
    expect(ok.config?.extraEvents).toEqual(['SubagentStop']);

    const bad = validateConfig(
      mergeConfigLayers([complete, { source: 'env', values: {}, extraEvents: ['PreToolUse'] }]),
      FILE,
    );
    expect(bad.config).toBeNull();
    expect(bad.problems).toEqual([
      'CCR_EXTRA_EVENTS names "PreToolUse", which remote-hook cannot send; supported: SubagentStop',
    ]);
  });
});

describe('normalizeEndpoint', () => {
  it('keeps a /notify URL and completes a bare origin', () => {
    expect(normalizeEndpoint('http://172.24.12.11:3001/notify')).toBe(
      'http://172.24.12.11:3001/notify',
    );
    expect(normalizeEndpoint('https://hub.internal:3001')).toBe('https://hub.internal:3001/notify');
    expect(normalizeEndpoint('https://hub.internal/ccr/notify')).toBe(
      'https://hub.internal/ccr/notify',
    );
  });

  it('refuses what is not an http(s) URL', () => {
    expect(normalizeEndpoint('172.24.12.11:3001/notify')).toBeNull();
    expect(normalizeEndpoint('file:///etc/passwd')).toBeNull();
    expect(normalizeEndpoint('')).toBeNull();
  });
});

describe('parseEventList', () => {
  it('splits on commas and spaces', () => {
    expect(parseEventList('SubagentStop, Foo  Bar')).toEqual(['SubagentStop', 'Foo', 'Bar']);
    expect(parseEventList(' ')).toEqual([]);
  });
});
