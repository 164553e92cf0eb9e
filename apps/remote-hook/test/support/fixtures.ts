import type { ClaudeHookInput } from '@ccr/protocol';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The workspace's copy of Claude Code's hook payloads. */
export const FIXTURES_DIR = resolve(__dirname, '../../../../libs/testing/fixtures/claude-hooks');

export const HOOK_FIXTURES = [
  'stop.json',
  'stop-no-last-message.json',
  'subagent-stop.json',
  'notification-permission.json',
  'notification-idle.json',
  'permission-request.json',
  'stop-failure.json',
  'session-start.json',
  'session-end.json',
  'user-prompt-submit.json',
] as const;

export type HookFixture = (typeof HOOK_FIXTURES)[number];

export function fixturePath(name: string): string {
  return join(FIXTURES_DIR, name);
}

export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function fixtureInput(name: HookFixture): ClaudeHookInput {
  return JSON.parse(fixtureText(name)) as ClaudeHookInput;
}

/** The last reply of transcript-basic.jsonl: the two text blocks of msg_02. */
export const BASIC_TRANSCRIPT_REPLY =
  'Added `GET /health` in src/routes.ts returning {"ok":true}.\n\nRun `npm test` to check it <3 & enjoy.';
