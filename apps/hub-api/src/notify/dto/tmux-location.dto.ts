import { isValidTmuxPaneId, isValidTmuxSessionName, isValidTmuxWindow } from '@ccr/protocol';
import { IsOptional, ValidateBy, type ValidationOptions } from 'class-validator';

/** A class-validator rule from one of the domain's tmux target checks, so both agree. */
function Satisfies(
  check: (value: unknown) => boolean,
  message: string,
  options?: ValidationOptions,
) {
  return ValidateBy(
    {
      name: check.name,
      validator: { validate: (value: unknown) => check(value), defaultMessage: () => message },
    },
    options,
  );
}

/** Where Claude runs; stored and later used as a tmux target, so validated strictly. */
export class TmuxLocationDto {
  @IsOptional()
  @Satisfies(
    isValidTmuxSessionName,
    'must be a tmux session name without ":", "." or control characters',
  )
  session?: string;

  @IsOptional()
  @Satisfies(isValidTmuxWindow, 'must be a window index, such as "0"')
  window?: string;

  @IsOptional()
  @Satisfies(isValidTmuxPaneId, 'must be a tmux pane id, such as "%3"')
  pane?: string;
}
