import { CliError, CliErrorCode } from '../../cli.error';
import type { ExtraEvent } from '../../config/config.constant';
import type { ConfigLayer, RemoteHookConfig } from '../../config/config.interface';
import type { ConfigFileRead } from '../../config/load-config.util';
import { mergeConfigLayers, validateConfig } from '../../config/validate-config.util';

export type InstallConfigPlan =
  /** Values were given (flags or environment): write them, over the file's. */
  | { action: 'write'; config: RemoteHookConfig }
  /** None given, and the file holds a complete config. */
  | { action: 'keep'; config: RemoteHookConfig }
  /** None given and none usable: the hooks go in, and say so on every run until configured. */
  | {
      action: 'none';
      extraEvents: ExtraEvent[];
      permissionTimeoutSeconds: number;
      problems: string[];
    };

/** Decides what `install` does with the config file, before anything is written. */
export function planInstallConfig(
  file: ConfigFileRead,
  env: ConfigLayer,
  flags: ConfigLayer,
  filePath: string,
): InstallConfigPlan {
  const layers = [file.layer, env, flags].filter((layer): layer is ConfigLayer => layer !== null);
  const check = validateConfig(mergeConfigLayers(layers), filePath);
  if (givesValues(flags) || givesValues(env)) {
    if (!check.config) {
      throw new CliError(
        CliErrorCode.Usage,
        `cannot write ${filePath}: ${check.problems.join('; ')}`,
      );
    }
    return { action: 'write', config: check.config };
  }
  if (check.config && file.problems.length === 0) return { action: 'keep', config: check.config };
  return {
    action: 'none',
    extraEvents: check.extraEvents,
    permissionTimeoutSeconds: check.permissionTimeoutSeconds,
    problems: [...file.problems, ...check.problems],
  };
}

function givesValues(layer: ConfigLayer): boolean {
  return (
    Object.keys(layer.values).length > 0 ||
    layer.extraEvents !== undefined ||
    layer.permissionTimeout !== undefined
  );
}
