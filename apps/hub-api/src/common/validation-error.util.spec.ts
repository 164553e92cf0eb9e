import { validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { NotifyRequestDto } from '../notify/dto/notify-request.dto';
import { firstFieldError } from './validation-error.util';

function check(plain: Record<string, unknown>) {
  const dto = plainToInstance(NotifyRequestDto, plain);
  return firstFieldError(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
}

const valid = { serverId: 'kr4', type: 'completed', project: 'webapp' };

describe('firstFieldError', () => {
  it('names a nested field by its dotted path', () => {
    expect(check({ ...valid, tmux: { pane: 'pane-3' } })).toEqual({
      field: 'tmux.pane',
      problem: 'must be a tmux pane id, such as "%3"',
    });
  });

  it('says an unknown field is not known', () => {
    expect(check({ ...valid, colour: 'red' })).toEqual({
      field: 'colour',
      problem: 'is not a known field',
    });
  });

  it('keeps one copy of the property name in class-validator messages', () => {
    expect(check({ ...valid, project: 'x'.repeat(201) })).toEqual({
      field: 'project',
      problem: 'must be shorter than or equal to 200 characters',
    });
  });
});
