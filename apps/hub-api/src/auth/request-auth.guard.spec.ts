import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { ServersConfig, SharedSecret } from '@ccr/config';
import { MAX_BODY_BYTES, signedHeaders } from '@ccr/protocol';
import { SignatureReplayStore, openDatabase } from '@ccr/session-data-access';
import { makeTempDir, removeDir } from '@ccr/testing';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { REQUEST_BODY_OPTIONS, readRawBodies } from '../app/request-body.util';
import { HttpExceptionFilter } from '../common/http-exception.filter';
import { SERVERS_CONFIG, SHARED_SECRET } from '../config/hub-config.constant';
import { RequestAuthGuard } from './request-auth.guard';
import { RequestAuthService } from './request-auth.service';
import { Authenticate, RouteAuth } from './route-auth.decorator';

const HUB = 'hub-wide-secret-0123456789';

@Controller()
class ProbeController {
  /** A route whose author forgot to say who may call it. */
  @Post('undeclared')
  @HttpCode(200)
  undeclared(@Body() body: Record<string, unknown>): { received: Record<string, unknown> } {
    return { received: body };
  }

  @Get('reading')
  @Authenticate(RouteAuth.HubSecret)
  reading(): { ok: true } {
    return { ok: true };
  }

  @Get('open')
  @Authenticate(RouteAuth.None)
  open(): { ok: true } {
    return { ok: true };
  }
}

describe('RequestAuthGuard, on routes served over HTTP as main.ts serves them', () => {
  let app: NestExpressApplication;
  let url: string;
  let dir: string;
  let database: DataSource;

  beforeAll(async () => {
    dir = await makeTempDir('ccr-guard-');
    database = await openDatabase({ path: join(dir, 'sessions.db') });
    const moduleRef = await Test.createTestingModule({
      controllers: [ProbeController],
      providers: [
        RequestAuthService,
        { provide: SignatureReplayStore, useValue: new SignatureReplayStore(database) },
        { provide: SHARED_SECRET, useValue: { value: HUB, source: 'env' } satisfies SharedSecret },
        {
          provide: SERVERS_CONFIG,
          useValue: {
            servers: [],
            source: undefined,
            central: {},
            warnings: [],
          } satisfies ServersConfig,
        },
        { provide: APP_GUARD, useClass: RequestAuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({
      ...REQUEST_BODY_OPTIONS,
      logger: false,
    });
    readRawBodies(app);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
    await removeDir(dir);
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('takes only signed server requests on a route that declares nothing, and hands it the parsed body', async () => {
    const body = JSON.stringify({ serverId: 'kr4', n: 1 });
    const unsigned = await post('/undeclared', body);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toEqual({
      statusCode: 401,
      error: 'UNAUTHORIZED',
      message: 'Unauthorized',
    });

    const signed = await post('/undeclared', body, signedHeaders(HUB, body));
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({ received: { serverId: 'kr4', n: 1 } });
  });

  it('says what is wrong with a body only to a sender whose signature checked out', async () => {
    expect((await post('/undeclared', '{oops')).status).toBe(401);
    const signed = await post('/undeclared', '{oops', signedHeaders(HUB, '{oops'));
    expect(signed.status).toBe(400);
    expect(await signed.json()).toMatchObject({ message: 'body: malformed JSON', field: 'body' });
  });

  it('refuses a body over the protocol limit with 413, naming the limit', async () => {
    const body = JSON.stringify({ serverId: 'kr4', pad: 'x'.repeat(MAX_BODY_BYTES) });
    const answer = await post('/undeclared', body, signedHeaders(HUB, body));
    expect(answer.status).toBe(413);
    expect(await answer.json()).toMatchObject({ message: 'body: larger than 64 KiB' });
  });

  it('opens a reading route to the hub secret, and an open one to anyone', async () => {
    expect((await fetch(`${url}/reading`)).status).toBe(401);
    expect((await fetch(`${url}/reading`, { headers: { 'x-shared-secret': HUB } })).status).toBe(
      200,
    );
    expect((await fetch(`${url}/open`)).status).toBe(200);
  });
});
