import type { LaunchSettings } from '@ccr/config';
import { BotError, BotErrorCode } from '../replies/bot.error';
import { chooseFolder, parseNewArgs } from './launch-args.util';

const SETTINGS: LaunchSettings = {
  projects: ['~/webapp', '/srv/api', '~/src/tools', '~/old/tools'],
  allowAnyFolder: false,
  claudeCommand: ['claude'],
  tmuxSession: 'ccr',
};

function refusal(run: () => unknown): BotError {
  try {
    run();
  } catch (error) {
    if (error instanceof BotError) return error;
    throw error;
  }
  throw new Error('expected a BotError');
}

describe('parseNewArgs', () => {
  it('takes the server, the folder, and the first prompt exactly as written', () => {
    expect(parseNewArgs('kr4')).toEqual({ serverId: 'kr4', folder: undefined, prompt: '' });
    expect(parseNewArgs('kr4 ~/webapp')).toEqual({
      serverId: 'kr4',
      folder: '~/webapp',
      prompt: '',
    });
    expect(parseNewArgs(" kr4 ~/webapp  fix it; $(rm -rf ~) 'q'\nsecond line")).toEqual({
      serverId: 'kr4',
      folder: '~/webapp',
      prompt: " fix it; $(rm -rf ~) 'q'\nsecond line",
    });
    expect(parseNewArgs('kr4\n~/webapp\nthe prompt')).toEqual({
      serverId: 'kr4',
      folder: '~/webapp',
      prompt: 'the prompt',
    });
  });

  it('shows how to write it when the server is missing', () => {
    const error = refusal(() => parseNewArgs('  '));
    expect(error.code).toBe(BotErrorCode.Usage);
    expect(error.html).toContain('<code>/new kr4 ~/webapp</code>');
  });
});

describe('chooseFolder', () => {
  it('takes a project named whole, with or without a trailing slash, or by its last part', () => {
    expect(chooseFolder('kr4', SETTINGS, '~/webapp')).toBe('~/webapp');
    expect(chooseFolder('kr4', SETTINGS, '/srv/api/')).toBe('/srv/api');
    expect(chooseFolder('kr4', SETTINGS, 'webapp')).toBe('~/webapp');
    expect(chooseFolder('kr4', SETTINGS, 'api')).toBe('/srv/api');
  });

  it('refuses any other folder where only the projects are allowed, listing them', () => {
    const error = refusal(() => chooseFolder('kr4', SETTINGS, '/etc'));
    expect(error.code).toBe(BotErrorCode.FolderNotAllowed);
    expect(error.html).toContain('<code>/etc</code> is not one of the folders');
    expect(error.html).toContain('<code>~/webapp</code>, <code>/srv/api</code>');
    expect(error.html).toContain('Nothing was started');
    expect(refusal(() => chooseFolder('kr4', SETTINGS, '~/webapp/../x')).code).toBe(
      BotErrorCode.FolderNotAllowed,
    );
    expect(refusal(() => chooseFolder('kr4', SETTINGS, `~/webapp$(touch x)`)).html).toContain(
      '<code>~/webapp$(touch x)</code> is not one of',
    );
  });

  it('asks which one when several projects end in the name', () => {
    const error = refusal(() => chooseFolder('kr4', SETTINGS, 'tools'));
    expect(error.code).toBe(BotErrorCode.AmbiguousProject);
    expect(error.html).toContain('<code>~/src/tools</code>, <code>~/old/tools</code>');
  });

  it('takes any folder where the server allows it, a bare name in the home folder', () => {
    const open = { ...SETTINGS, allowAnyFolder: true };
    expect(chooseFolder('kr4', open, '/etc/')).toBe('/etc');
    expect(chooseFolder('kr4', open, 'scratch')).toBe('~/scratch');
    expect(chooseFolder('kr4', open, "~/a'b;$(c)")).toBe("~/a'b;$(c)");
    expect(chooseFolder('kr4', open, 'webapp')).toBe('~/webapp');
    expect(refusal(() => chooseFolder('kr4', open, `/${'a'.repeat(1100)}`)).code).toBe(
      BotErrorCode.Usage,
    );
  });
});
