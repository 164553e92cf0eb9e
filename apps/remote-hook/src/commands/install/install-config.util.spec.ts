import { CliError } from '../../cli.error';
import type { ConfigLayer } from '../../config/config.interface';
import type { ConfigFileRead } from '../../config/load-config.util';
import { planInstallConfig } from './install-config.util';

const PATH = '/home/dev/.config/ccr/remote-hook.json';
const none: ConfigLayer = { source: 'env', values: {} };
const noFlags: ConfigLayer = { source: 'flag', values: {} };
const noFile: ConfigFileRead = { layer: null, found: false, problems: [] };
const file = (values: ConfigLayer['values']): ConfigFileRead => ({
  layer: { source: 'file', values },
  found: true,
  problems: [],
});
const full = { serverId: 'kr4', endpoint: 'http://hub:3001/notify', secret: 's' };

describe('planInstallConfig', () => {
  it('writes what the flags give', () => {
    expect(planInstallConfig(noFile, none, { source: 'flag', values: full }, PATH)).toEqual({
      action: 'write',
      config: { ...full, extraEvents: [], permissionTimeoutSeconds: 300 },
    });
  });

  it('completes flags with the environment and the file, flags winning', () => {
    const plan = planInstallConfig(
      file({ ...full, serverId: 'old' }),
      { source: 'env', values: { secret: 'env-secret' } },
      { source: 'flag', values: { serverId: 'kr5' } },
      PATH,
    );
    expect(plan).toEqual({
      action: 'write',
      config: {
        serverId: 'kr5',
        endpoint: full.endpoint,
        secret: 'env-secret',
        extraEvents: [],
        permissionTimeoutSeconds: 300,
      },
    });
  });

  it('refuses to write an incomplete config, naming what is missing', () => {
    expect(() =>
      planInstallConfig(noFile, none, { source: 'flag', values: { serverId: 'kr4' } }, PATH),
    ).toThrow(CliError);
    expect(() =>
      planInstallConfig(noFile, none, { source: 'flag', values: { serverId: 'kr4' } }, PATH),
    ).toThrow(`cannot write ${PATH}: no hub endpoint: set CENTRAL_HUB_ENDPOINT`);
  });

  it('writes a permission timeout given alone over a complete file', () => {
    expect(
      planInstallConfig(
        file(full),
        { source: 'env', values: {}, permissionTimeout: '90' },
        noFlags,
        PATH,
      ),
    ).toEqual({
      action: 'write',
      config: { ...full, extraEvents: [], permissionTimeoutSeconds: 90 },
    });
  });

  it('keeps a complete file when nothing is given', () => {
    expect(planInstallConfig(file(full), none, noFlags, PATH)).toEqual({
      action: 'keep',
      config: { ...full, extraEvents: [], permissionTimeoutSeconds: 300 },
    });
  });

  it('installs without a config when there is none, saying what is missing', () => {
    const plan = planInstallConfig(noFile, none, noFlags, PATH);
    expect(plan).toMatchObject({ action: 'none', extraEvents: [], permissionTimeoutSeconds: 300 });
    expect(plan.action === 'none' && plan.problems).toHaveLength(3);
  });
});
