import { MAX_BODY_BYTES, MAX_MESSAGE_CHARS, type NotifyPayload } from '@ccr/protocol';
import {
  BASIC_TRANSCRIPT_REPLY,
  fixtureInput,
  type HookFixture,
} from '../../../test/support/fixtures';
import {
  buildNotifyPayload,
  buildSessionEventPayload,
  promptIdOf,
  serializeNotifyPayload,
  type NotificationFacts,
} from './notify-payload.util';

const EVENT_ID = '5b0e3c4e-8d4f-4a5e-9a57-1f3e0c2b7d10';
const SENT_AT = '2026-11-20T09:00:13.000Z';

function facts(
  fixture: HookFixture,
  overrides: Partial<NotificationFacts> = {},
): NotificationFacts {
  const input = fixtureInput(fixture);
  return {
    serverId: 'kr4',
    type: 'completed',
    input,
    cwd: input.cwd ?? '/',
    project: 'webapp',
    hostname: 'kr4.internal',
    tmux: { session: 'main', window: '2', pane: '%3' },
    reply: input.last_assistant_message ?? null,
    eventId: EVENT_ID,
    sentAt: SENT_AT,
    ...overrides,
  };
}

const common = {
  serverId: 'kr4',
  project: 'webapp',
  claudeSessionId: '00893aaf-19fa-41d2-8238-13269b9b3ca0',
  cwd: '/home/dev/projects/webapp',
  hostname: 'kr4.internal',
  tmux: { session: 'main', window: '2', pane: '%3' },
  sentAt: SENT_AT,
  eventId: EVENT_ID,
};

describe('buildNotifyPayload', () => {
  it('stop.json: the reply from last_assistant_message', () => {
    expect(buildNotifyPayload(facts('stop.json'))).toEqual<NotifyPayload>({
      ...common,
      type: 'completed',
      metadata: {},
      message:
        'I\'ve created test.txt with the content "hello world".\n\nSummary:\n- Added `test.txt` at the project root\n- No other files changed',
      event: 'Stop',
    });
  });

  it('stop-no-last-message.json: the reply found in the transcript', () => {
    expect(
      buildNotifyPayload(
        facts('stop-no-last-message.json', {
          reply: BASIC_TRANSCRIPT_REPLY,
          project: 'api-server',
        }),
      ),
    ).toEqual<NotifyPayload>({
      ...common,
      project: 'api-server',
      claudeSessionId: '7d1c2b9e-5f0a-4c8e-9b51-2f6a3e8d4c10',
      cwd: '/home/dev/projects/api-server',
      type: 'completed',
      metadata: {},
      message: BASIC_TRANSCRIPT_REPLY,
      event: 'Stop',
    });
  });

  it("notification-permission.json: Claude Code's text in metadata.notification", () => {
    expect(
      buildNotifyPayload(facts('notification-permission.json', { type: 'permission' })),
    ).toEqual<NotifyPayload>({
      ...common,
      type: 'permission',
      metadata: { notification: 'Claude needs your permission to use Bash' },
      event: 'Notification',
    });
  });

  it('notification-idle.json: waiting', () => {
    expect(
      buildNotifyPayload(facts('notification-idle.json', { type: 'waiting' })),
    ).toEqual<NotifyPayload>({
      ...common,
      type: 'waiting',
      metadata: { notification: 'Claude is waiting for your input' },
      event: 'Notification',
    });
  });

  it('stop-failure.json: the error and its details in metadata', () => {
    expect(
      buildNotifyPayload(facts('stop-failure.json', { type: 'failed' })),
    ).toEqual<NotifyPayload>({
      ...common,
      type: 'failed',
      metadata: { error: 'rate_limit', errorDetails: '429 Too Many Requests' },
      message: 'API Error: Rate limit reached',
      event: 'StopFailure',
    });
  });

  it('subagent-stop.json, when configured: completed with the event name', () => {
    const payload = buildNotifyPayload(facts('subagent-stop.json'));
    expect(payload.event).toBe('SubagentStop');
    expect(payload.message).toBe('Analysis complete. Found 3 potential issues...');
  });

  it.each([
    ['permission-request.json', {}],
    ['session-start.json', { source: 'startup' }],
    ['session-end.json', { reason: 'prompt_input_exit' }],
  ] as const)('%s, sent by an explicit command: only its own metadata', (fixture, metadata) => {
    const payload = buildNotifyPayload(facts(fixture, { tmux: undefined }));
    expect(payload.metadata).toEqual(metadata);
    expect(payload).not.toHaveProperty('tmux');
    expect(payload.claudeSessionId).toBe(common.claudeSessionId);
  });

  it("carries the turn's prompt id, when it is one the hub takes", () => {
    const stop = fixtureInput('stop.json');
    expect(
      buildNotifyPayload(facts('stop.json', { input: { ...stop, prompt_id: 'p-1' } })),
    ).toMatchObject({ promptId: 'p-1' });
    expect(buildNotifyPayload(facts('stop.json'))).not.toHaveProperty('promptId');
  });

  it('sends the pane alone when tmux could not say more, and nothing outside tmux', () => {
    expect(buildNotifyPayload(facts('stop.json', { tmux: { pane: '%7' } })).tmux).toEqual({
      pane: '%7',
    });
    expect(buildNotifyPayload(facts('stop.json', { tmux: undefined }))).not.toHaveProperty('tmux');
  });

  it('says in metadata how long ago a person typed in the tmux session, when tmux told', () => {
    const payload = buildNotifyPayload(facts('notification-idle.json', { inputIdleSeconds: 4 }));
    expect(payload.metadata).toEqual({
      notification: expect.any(String),
      inputIdleSeconds: 4,
    });
    expect(buildNotifyPayload(facts('stop.json')).metadata).not.toHaveProperty('inputIdleSeconds');
  });

  it('cuts the reply and other free text to their bounds, marking the cut', () => {
    const payload = buildNotifyPayload(
      facts('stop.json', { reply: 'a'.repeat(MAX_MESSAGE_CHARS + 50), project: 'p'.repeat(500) }),
    );
    expect(payload.message).toHaveLength(MAX_MESSAGE_CHARS);
    expect(payload.message?.endsWith('…')).toBe(true);
    expect(payload.project).toHaveLength(200);
  });

  it('works from an empty input, as for "remote-hook completed" run by hand', () => {
    const payload = buildNotifyPayload({
      serverId: 'kr4',
      type: 'completed',
      input: {},
      cwd: '/srv/app',
      project: 'app',
      hostname: 'kr4',
      reply: null,
      eventId: EVENT_ID,
      sentAt: SENT_AT,
    });
    expect(payload).toEqual({
      serverId: 'kr4',
      type: 'completed',
      project: 'app',
      metadata: {},
      cwd: '/srv/app',
      hostname: 'kr4',
      sentAt: SENT_AT,
      eventId: EVENT_ID,
    });
  });
});

describe('serializeNotifyPayload', () => {
  it('is plain JSON when it fits', () => {
    const payload = buildNotifyPayload(facts('stop.json'));
    expect(serializeNotifyPayload(payload)).toBe(JSON.stringify(payload));
  });

  it('shortens a reply whose bytes would pass the body limit', () => {
    // Control characters take six bytes each once JSON-escaped.
    const control = (n: number): string => '\u0001'.repeat(n);
    const input = {
      ...fixtureInput('stop-failure.json'),
      error: control(5000),
      error_details: control(5000),
    };
    const payload = buildNotifyPayload(
      facts('stop-failure.json', { input, reply: control(20_000) }),
    );
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeGreaterThan(MAX_BODY_BYTES);

    const body = serializeNotifyPayload(payload);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const parsed = JSON.parse(body) as NotifyPayload;
    expect(parsed.message!.length).toBeLessThan(MAX_MESSAGE_CHARS);
    expect(parsed.message!.endsWith('…')).toBe(true);
    expect(parsed.metadata).toEqual(payload.metadata);
    expect(parsed.eventId).toBe(EVENT_ID);
  });
});

describe('buildSessionEventPayload', () => {
  const sessionFacts = (fixture: HookFixture) => {
    const input = fixtureInput(fixture);
    return {
      serverId: 'kr4',
      input,
      cwd: input.cwd ?? '/',
      project: 'webapp',
      hostname: 'kr4.internal',
      tmux: { session: 'main', window: '2', pane: '%3' },
      eventId: EVENT_ID,
      sentAt: SENT_AT,
    };
  };

  it('SessionStart: no type, no reply, how it began in metadata', () => {
    expect(
      buildSessionEventPayload({ ...sessionFacts('session-start.json'), event: 'SessionStart' }),
    ).toEqual({ ...common, event: 'SessionStart', metadata: { source: 'startup' } });
  });

  it('UserPromptSubmit: its prompt id, never the prompt itself', () => {
    const payload = buildSessionEventPayload({
      ...sessionFacts('user-prompt-submit.json'),
      event: 'UserPromptSubmit',
    });
    expect(payload).toMatchObject({
      event: 'UserPromptSubmit',
      promptId: '013a71f0-7bed-4b6e-ae98-03ec35bfb1e7',
      claudeSessionId: '74022c32-9bac-4720-b874-4406c2f37133',
      metadata: {},
    });
    expect(payload).not.toHaveProperty('type');
    expect(JSON.stringify(payload)).not.toContain('hello there');
  });

  it('SessionEnd: why it ended', () => {
    expect(
      buildSessionEventPayload({ ...sessionFacts('session-end.json'), event: 'SessionEnd' })
        .metadata,
    ).toEqual({ reason: 'prompt_input_exit' });
  });
});

describe('promptIdOf', () => {
  it('takes an id-like prompt id and leaves out anything else', () => {
    expect(promptIdOf({ prompt_id: '013a71f0-7bed-4b6e-ae98-03ec35bfb1e7' })).toBe(
      '013a71f0-7bed-4b6e-ae98-03ec35bfb1e7',
    );
    for (const bad of ['', 'a b', 'x'.repeat(129), '$(x)']) {
      expect(promptIdOf({ prompt_id: bad })).toBeUndefined();
    }
    expect(promptIdOf({})).toBeUndefined();
  });
});
