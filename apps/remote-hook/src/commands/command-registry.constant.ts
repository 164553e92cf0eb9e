import type { CommandDefinition } from './command.interface';
import { DOCTOR_COMMAND } from './doctor/doctor.command';
import { FLUSH_COMMAND } from './flush/flush.command';
import { HOOK_COMMAND } from './hook/hook.command';
import { INSTALL_COMMAND } from './install/install.command';
import { NOTIFY_COMMANDS } from './notify/notify.command';
import { PERMISSION_REQUEST_COMMAND } from './permission-request/permission-request.command';
import { UNINSTALL_COMMAND } from './uninstall/uninstall.command';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly CommandDefinition[] = [
  HOOK_COMMAND,
  ...NOTIFY_COMMANDS,
  PERMISSION_REQUEST_COMMAND,
  INSTALL_COMMAND,
  UNINSTALL_COMMAND,
  DOCTOR_COMMAND,
  FLUSH_COMMAND,
];

export function findCommand(name: string): CommandDefinition | undefined {
  return COMMANDS.find((command) => command.name === name);
}
