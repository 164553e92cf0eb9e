import { folderProblem, withoutTrailingSlash, type LaunchSettings } from '@ccr/config';
import { BotError } from '../replies/bot.error';
import { code } from '../replies/html.util';
import { splitFirstWord } from '../telegram/command-text.util';

export const NEW_USAGE =
  `Say where: ${code('/new kr4 ~/webapp')}, with a first prompt after it if you like ` +
  `(${code('/new kr4 ~/webapp fix the failing test')}), or ${code('/new kr4')} to pick one of its ` +
  'projects. /servers lists the servers.';

/** `/new <server> [<folder> [first prompt]]`, taken apart; the prompt exactly as written. */
export interface NewArgs {
  serverId: string;
  folder: string | undefined;
  /** Everything after the folder and the one space or line break that ends it; '' for none. */
  prompt: string;
}

export function parseNewArgs(rest: string): NewArgs {
  const server = splitFirstWord(rest);
  if (server.word === '') throw BotError.usage(NEW_USAGE);
  const folder = splitFirstWord(server.after);
  return {
    serverId: server.word,
    folder: folder.word === '' ? undefined : folder.word,
    prompt: folder.word === '' ? '' : folder.after,
  };
}

/** The last part of a folder's path: what `/new kr4 webapp` may name `~/src/webapp` by. */
function baseName(folder: string): string {
  return folder.slice(folder.lastIndexOf('/') + 1);
}

/**
 * The folder a person means on a server: one of its projects, named whole (`~/webapp`, a
 * trailing slash or not) or by its last part (`webapp`); else, where the server allows any
 * folder, the folder as written, a bare name taken as one in the home folder (`~/name`), as
 * `cd name` from a fresh login would.
 * @throws BotError FolderNotAllowed, AmbiguousProject; Usage for a folder no path can be.
 */
export function chooseFolder(serverId: string, settings: LaunchSettings, word: string): string {
  const folder = withoutTrailingSlash(word);
  if (settings.projects.includes(folder)) return folder;
  if (!folder.includes('/')) {
    const matches = settings.projects.filter((project) => baseName(project) === folder);
    if (matches.length > 1) throw BotError.ambiguousProject(serverId, folder, matches);
    if (matches[0] !== undefined) return matches[0];
  }
  if (!settings.allowAnyFolder)
    throw BotError.folderNotAllowed(serverId, folder, settings.projects);
  const path =
    folder.startsWith('/') || folder === '~' || folder.startsWith('~/') ? folder : `~/${folder}`;
  const problem = folderProblem(path);
  if (problem) throw BotError.usage(`The folder ${code(path)} ${problem}. ${NEW_USAGE}`);
  return path;
}
