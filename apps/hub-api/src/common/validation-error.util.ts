import { BadRequestException, type ValidationError } from '@nestjs/common';

/** The first failing field, as a dotted path (`tmux.pane`), with its first failed rule. */
export function firstFieldError(
  errors: ValidationError[],
  parent = '',
): { field: string; problem: string } {
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const problem = error.constraints?.['whitelistValidation']
      ? 'is not a known field'
      : Object.values(error.constraints ?? {})[0];
    if (problem) {
      // class-validator's own messages begin with the property name; keep one copy of it.
      const text = problem.startsWith(`${error.property} `)
        ? problem.slice(error.property.length + 1)
        : problem;
      return { field, problem: text };
    }
    if (error.children?.length) return firstFieldError(error.children, field);
  }
  return { field: parent || 'body', problem: 'is not valid' };
}

/** 400 naming the field that is wrong: `{ message: "tmux.pane: must be …", field: "tmux.pane" }`. */
export function validationException(errors: ValidationError[]): BadRequestException {
  const { field, problem } = firstFieldError(errors);
  return new BadRequestException({ message: `${field}: ${problem}`, field });
}
