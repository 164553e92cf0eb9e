import { CLAUDE_CODE_VERSION } from './claude-code.constant';
import {
  claudeCodeInstall,
  claudeCodePlatformPackage,
  pinnedClaudeCodeVersion,
} from './claude-code-binary.util';

describe('the pinned Claude Code', () => {
  it('is pinned to one exact version in package.json and in CLAUDE_CODE_VERSION', () => {
    expect(pinnedClaudeCodeVersion()).toBe(CLAUDE_CODE_VERSION);
  });

  it('is installed, and its binary reports that version', () => {
    expect(claudeCodeInstall()).toEqual({
      binary: expect.stringContaining(`${claudeCodePlatformPackage()}/claude`),
      version: CLAUDE_CODE_VERSION,
    });
  });
});
