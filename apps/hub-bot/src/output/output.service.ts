import { Injectable } from '@nestjs/common';
import type { SessionView } from '@ccr/session-domain';
import { TmuxExecutor } from '@ccr/ssh-executor';
import { PaneTargets } from '../executor/pane-targets.service';
import { formatOutputMessage } from './output-message.util';

/** A session's screen, for /output and the Output button alike. */
@Injectable()
export class OutputService {
  constructor(
    private readonly targets: PaneTargets,
    private readonly executor: TmuxExecutor,
  ) {}

  /** The pane's last `lines` lines as one message. */
  async screen(session: SessionView, lines: number): Promise<string> {
    const target = this.targets.targetOf(session);
    const screen = await this.executor.capturePane(target.server.executor, target.pane, lines);
    return formatOutputMessage(session, lines, screen);
  }
}
