import { launchSettingsOf } from '@ccr/config';
import { projectsKeyboard } from '@ccr/telegram-format';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { presserName } from '../approvals/approval-answer.util';
import { ServerRegistry } from '../executor/server-registry.service';
import { Answerer } from '../replies/answer.service';
import { BotError } from '../replies/bot.error';
import { commandRestOf } from '../telegram/command-text.util';
import { chooseFolder, parseNewArgs } from './launch-args.util';
import { launchAnswer, projectsHtml } from './launch-message.util';
import { LaunchService } from './launch.service';

/** What a failed /new left as it was. */
export const NOTHING_STARTED = 'Nothing was started.';

/** /new <server> [<folder> [first prompt]]: starts Claude Code on a server. */
@Update()
export class LaunchUpdate {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly launch: LaunchService,
    private readonly answerer: Answerer,
  ) {}

  @Command('new')
  async new(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async (record) => {
      record.untouched = NOTHING_STARTED;
      const { serverId, folder, prompt } = parseNewArgs(commandRestOf(ctx.message));
      const server = this.servers.get(serverId);
      if (!server) {
        throw BotError.noSuchServer(
          serverId,
          this.servers.list().map((known) => known.config.id),
          this.servers.source,
        );
      }
      record.fields.server = serverId;
      const settings = launchSettingsOf(server.config);
      if (folder === undefined) {
        if (settings.projects.length === 0) {
          throw BotError.noProjects(serverId, settings.allowAnyFolder);
        }
        return {
          html: projectsHtml(serverId, settings.allowAnyFolder),
          keyboard: projectsKeyboard(serverId, settings.projects),
        };
      }
      const chosen = chooseFolder(serverId, settings, folder);
      record.fields.text_length = prompt.length;
      const result = await this.launch.start({
        server,
        folder: chosen,
        prompt,
        chatId: record.chatId ?? '',
        requestedBy: ctx.from ? presserName(ctx.from) : undefined,
      });
      if (result.kind === 'started') record.fields.session = result.session.name;
      return launchAnswer(result, settings.claudeCommand);
    });
  }
}
