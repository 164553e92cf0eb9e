import { BadRequestException } from '@nestjs/common';
import { createValidationPipe } from '../../common/validation-pipe.util';
import { NotifyRequestDto } from './notify-request.dto';

const pipe = createValidationPipe();

function check(body: unknown): Promise<unknown> {
  return pipe.transform(body, { type: 'body', metatype: NotifyRequestDto });
}

const seed = { serverId: 'kr4', type: 'completed', project: 'test', metadata: {} };

describe('NotifyRequestDto', () => {
  it("takes the seed's four fields, and metadata with anything in it", async () => {
    await expect(check(seed)).resolves.toMatchObject(seed);
    await expect(
      check({ ...seed, metadata: { build: 7, inputIdleSeconds: 12 } }),
    ).resolves.toMatchObject({ metadata: { build: 7, inputIdleSeconds: 12 } });
  });

  it.each([-3, 2.5, 90_000, 'soon'])(
    'refuses metadata.inputIdleSeconds %j, naming what it must be',
    async (inputIdleSeconds) => {
      const error: unknown = await check({ ...seed, metadata: { inputIdleSeconds } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BadRequestException);
      expect((error as BadRequestException).getResponse()).toEqual({
        message: 'metadata: inputIdleSeconds must be a whole number of seconds from 0 to 86400',
        field: 'metadata',
      });
    },
  );
});
