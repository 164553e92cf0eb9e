/**
 * The Claude Code release the end-to-end tests drive. It is pinned twice, to the same version:
 * here, and as `@anthropic-ai/claude-code` in the root package.json's devDependencies (exact
 * version, no range); a spec checks that the two and the installed binary agree.
 *
 * To move to a newer release:
 * 1. `npm install -D -E @anthropic-ai/claude-code@<version>`, then
 *    `node tools/scripts/lock-platform-stubs.mjs` (see DEVELOPMENT.md);
 * 2. set the version below;
 * 3. run `npx nx test testing`, then `npx nx e2e remote-hook` and `npx nx e2e hub-bot`. The
 *    contract specs name what changed: `libs/testing/test/claude-code.int.spec.ts` (the
 *    requests Claude Code sends the model, its screen and dialogs) and
 *    `apps/remote-hook/test/claude-code.e2e-spec.ts` (the hook payloads remote-hook reads);
 * 4. where a hook payload changed, bring the fixtures in `libs/testing/fixtures/claude-hooks/`
 *    up to date, and say in the commit what changed.
 */
export const CLAUDE_CODE_VERSION = '2.1.328';

/** The npm package; its native binary comes in `@anthropic-ai/claude-code-<platform>-<arch>`. */
export const CLAUDE_CODE_PACKAGE = '@anthropic-ai/claude-code';

/** Any key works with the fake model server; Claude Code asks to approve its last 20 characters. */
export const FAKE_ANTHROPIC_API_KEY = 'sk-ant-api03-ccr-e2e-0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * What keeps Claude Code offline but for the model server: no telemetry, no update checks, no
 * error reports, no other traffic. The machines the tests run on reach no other host anyway;
 * with these set, Claude Code does not try.
 */
export const CLAUDE_CODE_OFFLINE_ENV: Readonly<Record<string, string>> = {
  DISABLE_TELEMETRY: '1',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  DISABLE_AUTOUPDATER: '1',
  DISABLE_ERROR_REPORTING: '1',
};
