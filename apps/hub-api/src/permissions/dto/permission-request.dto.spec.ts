import { BadRequestException, type ArgumentMetadata } from '@nestjs/common';
import { PERMISSION_LIMITS, PERMISSION_WAIT_MAX_SECONDS } from '@ccr/protocol';
import { claudeHookFixture } from '@ccr/testing';
import { createValidationPipe } from '../../common/validation-pipe.util';
import { PermissionRequestDto } from './permission-request.dto';
import { PermissionWaitDto } from './permission-wait.dto';

const pipe = createValidationPipe();

/** The body as a route's `@Body()` gets it from the app's one ValidationPipe. */
function check(metatype: ArgumentMetadata['metatype'], body: unknown): Promise<unknown> {
  return pipe.transform(body, { type: 'body', metatype });
}

/** The 400 the pipe raises, as `{ message, field }`. */
async function refusal(metatype: ArgumentMetadata['metatype'], body: unknown) {
  const error: unknown = await check(metatype, body).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadRequestException);
  return (error as BadRequestException).getResponse() as { message: string; field: string };
}

/** What remote-hook makes of Claude Code's PermissionRequest hook input. */
function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const hook = claudeHookFixture('permission-request.json').json;
  return {
    serverId: 'kr4',
    project: 'webapp',
    requestId: '2b0d6f0e-5c1f-4d8e-9a57-2f8f6f2b9c11',
    claudeSessionId: hook['session_id'],
    cwd: hook['cwd'],
    hostname: 'kr4.example',
    tmux: { session: 'work', window: '1', pane: '%3' },
    toolName: hook['tool_name'],
    toolInput: hook['tool_input'],
    permissionSuggestions: hook['permission_suggestions'],
    permissionMode: hook['permission_mode'],
    timeoutSeconds: 300,
    sentAt: '2026-04-01T09:00:00.000Z',
    ...overrides,
  };
}

describe('PermissionRequestDto', () => {
  it('accepts a request made from the PermissionRequest hook input', async () => {
    const body = payload();
    const checked = await check(PermissionRequestDto, body);
    expect(checked).toBeInstanceOf(PermissionRequestDto);
    expect(checked).toMatchObject({
      toolName: 'Bash',
      toolInput: { command: 'rm -rf node_modules && npm install' },
      permissionSuggestions: body['permissionSuggestions'],
    });
  });

  it.each([
    ['serverId', { serverId: 'kr4 prod' }],
    ['requestId', { requestId: 'has space' }],
    ['requestId', { requestId: 'x'.repeat(PERMISSION_LIMITS.requestId + 1) }],
    ['toolName', { toolName: '' }],
    ['toolName', { toolName: 'x'.repeat(PERMISSION_LIMITS.toolName + 1) }],
    ['toolInput', { toolInput: 'rm -rf /' }],
    ['toolInput', { toolInput: { command: 'x'.repeat(PERMISSION_LIMITS.toolInputChars) } }],
    ['permissionSuggestions', { permissionSuggestions: [1, 2] }],
    [
      'permissionSuggestions',
      {
        permissionSuggestions: Array.from(
          { length: PERMISSION_LIMITS.suggestions + 1 },
          () => ({}),
        ),
      },
    ],
    ['timeoutSeconds', { timeoutSeconds: 0 }],
    ['timeoutSeconds', { timeoutSeconds: '300' }],
    ['timeoutSeconds', { timeoutSeconds: 10 ** 9 }],
    ['tmux.pane', { tmux: { pane: '3; rm -rf /' } }],
    ['project', { project: undefined }],
    ['extra', { extra: true }],
  ])('refuses a bad %s with a 400 naming it', async (field, overrides) => {
    const answer = await refusal(PermissionRequestDto, payload(overrides));
    expect(answer.field).toBe(field);
    expect(answer.message.startsWith(`${field}: `)).toBe(true);
  });
});

describe('PermissionWaitDto', () => {
  const wait = (overrides: Record<string, unknown> = {}) => ({
    serverId: 'kr4',
    requestId: 'req-1',
    waitSeconds: PERMISSION_WAIT_MAX_SECONDS,
    nonce: 'n-1',
    ...overrides,
  });

  it('accepts 0 up to the longest poll, as a PermissionWaitDto with the values sent', async () => {
    for (const waitSeconds of [0, PERMISSION_WAIT_MAX_SECONDS]) {
      const checked = await check(PermissionWaitDto, wait({ waitSeconds }));
      expect(checked).toBeInstanceOf(PermissionWaitDto);
      expect(checked).toEqual({ serverId: 'kr4', requestId: 'req-1', waitSeconds, nonce: 'n-1' });
    }
  });

  it.each([
    ['waitSeconds', { waitSeconds: PERMISSION_WAIT_MAX_SECONDS + 1 }],
    ['waitSeconds', { waitSeconds: -1 }],
    ['waitSeconds', { waitSeconds: undefined }],
    ['nonce', { nonce: '' }],
    ['requestId', { requestId: undefined }],
    ['serverId', { serverId: '../x' }],
  ])('refuses a bad %s with a 400 naming it', async (field, overrides) => {
    expect((await refusal(PermissionWaitDto, wait(overrides))).field).toBe(field);
  });
});
