import type { PermissionRequestPayload } from '@ccr/protocol';
import { closedPort, startStandInHub, type StandInHub } from '../../../test/support/stand-in-hub';
import { deadlineIn } from '../../delivery/deadline.util';
import { hubUrls } from '../../delivery/hub-urls.util';
import { postSigned } from '../../delivery/signed-request.util';
import { parseWaitAnswer, waitForDecision, type DecisionWait } from './wait-for-decision.util';

const SECRET = 'wait-secret';
const REQUEST_ID = '6f2d0c1e-8a57-4d8e-b7b9-0c1f5e3a2d44';

describe('waitForDecision', () => {
  let hub: StandInHub;
  let retries: string[];

  beforeEach(async () => {
    hub = await startStandInHub({ secret: SECRET });
    retries = [];
    // The request the polls ask about, as permission-request sends it first.
    const request: Partial<PermissionRequestPayload> = {
      serverId: 'kr4',
      requestId: REQUEST_ID,
      timeoutSeconds: 60,
    };
    const response = await postSigned(
      hubUrls(hub.notifyUrl).permissions,
      SECRET,
      JSON.stringify(request),
      2000,
    );
    expect(response.status).toBe(202);
  });
  afterEach(() => hub.close());

  const wait = (overrides: Partial<DecisionWait> = {}): DecisionWait => ({
    url: hubUrls(hub.notifyUrl).permissionWait,
    secret: SECRET,
    serverId: 'kr4',
    requestId: REQUEST_ID,
    deadline: deadlineIn(20_000),
    pollSlackMs: 200,
    onRetry: (reason) => retries.push(reason),
    ...overrides,
  });

  it('polls until a decision, each poll signed with its own nonce', async () => {
    hub.waitSteps = [
      { status: 'pending' },
      { status: 'pending' },
      { status: 'allow-session', decidedBy: 'ana', afterMs: 50 },
    ];
    await expect(waitForDecision(wait())).resolves.toEqual({
      kind: 'final',
      status: 'allow-session',
      decidedBy: 'ana',
    });
    const polls = hub.requests.filter((r) => r.path === '/permissions/wait');
    expect(polls).toHaveLength(3);
    expect(polls.every((poll) => poll.signatureOk)).toBe(true);
    expect(new Set(hub.waitPolls.map((poll) => poll.nonce)).size).toBe(3);
    for (const poll of hub.waitPolls) {
      expect(poll).toEqual({
        serverId: 'kr4',
        requestId: REQUEST_ID,
        waitSeconds: expect.any(Number),
        nonce: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(poll.waitSeconds).toBeGreaterThanOrEqual(1);
      expect(poll.waitSeconds).toBeLessThanOrEqual(20);
    }
    expect(retries).toEqual([]);
  });

  it('never asks the hub to hold a poll for more than 25 s', async () => {
    hub.waitSteps = [{ status: 'deny' }];
    await waitForDecision(wait({ deadline: deadlineIn(300_000) }));
    expect(hub.waitPolls[0]?.waitSeconds).toBe(25);
  });

  it.each(['expired', 'answered-on-server'] as const)('ends on %s', async (status) => {
    hub.waitSteps = [{ status }];
    await expect(waitForDecision(wait())).resolves.toEqual({ kind: 'final', status });
  });

  it('tries again after HTTP 500 and 503, and after a dropped connection', async () => {
    hub.waitSteps = [
      { httpStatus: 500 },
      { drop: true },
      { httpStatus: 503 },
      { status: 'deny', decidedBy: 'bo' },
    ];
    await expect(waitForDecision(wait())).resolves.toEqual({
      kind: 'final',
      status: 'deny',
      decidedBy: 'bo',
    });
    expect(retries).toEqual([
      'HTTP 500: scripted 500',
      expect.stringMatching(/socket hang up|ECONNRESET|closed/),
      'HTTP 503: scripted 503',
    ]);
  });

  it('tries again after a poll that got no answer in its time', async () => {
    hub.waitSteps = [{ silent: true }, { status: 'allow' }];
    const result = await waitForDecision(wait({ maxWaitSeconds: 1, pollSlackMs: 100 }));
    expect(result).toEqual({ kind: 'final', status: 'allow' });
    expect(retries).toEqual(['no answer within 1100 ms']);
  });

  it('gives up at once on a 4xx: a wrong secret, an unknown request', async () => {
    await expect(waitForDecision(wait({ secret: 'wrong' }))).resolves.toEqual({
      kind: 'failed',
      reason: 'HTTP 401: Unauthorized',
    });
    await expect(waitForDecision(wait({ requestId: 'other' }))).resolves.toEqual({
      kind: 'failed',
      reason: 'HTTP 404: no such permission request',
    });
    expect(retries).toEqual([]);
  });

  it('stops at its deadline while the hub holds every poll', async () => {
    hub.waitSteps = [{ hold: true }];
    await expect(waitForDecision(wait({ deadline: deadlineIn(1500) }))).resolves.toEqual({
      kind: 'timeout',
    });
    expect(hub.waitPolls.map((poll) => poll.waitSeconds)).toEqual([2]);
  });

  it('keeps trying a hub that is down until its deadline, saying why at the end', async () => {
    const down = new URL(`http://127.0.0.1:${await closedPort()}/permissions/wait`);
    const result = await waitForDecision(wait({ url: down, deadline: deadlineIn(1200) }));
    expect(result).toEqual({
      kind: 'timeout',
      lastProblem: expect.stringContaining('ECONNREFUSED'),
    });
    expect(retries.length).toBeGreaterThan(1);
  });

  it("passes on a question's answers and a plan's feedback", async () => {
    hub.waitSteps = [{ status: 'allow', answers: [{ options: [0, 2], other: 'XL' }] }];
    await expect(waitForDecision(wait())).resolves.toEqual({
      kind: 'final',
      status: 'allow',
      answers: [{ options: [0, 2], other: 'XL' }],
    });
  });

  it('stops a held poll at once when told, and answers stopped', async () => {
    hub.waitSteps = [{ hold: true }];
    const controller = new AbortController();
    const waiting = waitForDecision(wait({ signal: controller.signal }));
    await hub.requestArrived('/permissions/wait');
    controller.abort();
    await expect(waiting).resolves.toEqual({ kind: 'stopped' });
    expect(hub.waitPolls).toHaveLength(1);
  });
});

describe('parseWaitAnswer', () => {
  it('reads a status, and who decided', () => {
    expect(
      parseWaitAnswer(
        JSON.stringify({ requestId: 'r1', status: 'deny', decidedBy: ' ana ', decidedAt: 'x' }),
        'r1',
      ),
    ).toEqual({ requestId: 'r1', status: 'deny', decidedBy: 'ana' });
    expect(parseWaitAnswer('{"status":"pending"}', 'r1')).toEqual({
      requestId: 'r1',
      status: 'pending',
    });
  });

  it('reads answers and feedback, and leaves out answers of another shape', () => {
    expect(
      parseWaitAnswer(
        JSON.stringify({
          status: 'allow',
          answers: [{ options: [1] }, { options: [], other: 'mine' }],
          feedback: 'more',
        }),
        'r1',
      ),
    ).toEqual({
      requestId: 'r1',
      status: 'allow',
      answers: [{ options: [1] }, { options: [], other: 'mine' }],
      feedback: 'more',
    });
    for (const answers of [[{ options: [-1] }], [{ options: ['a'] }], [{ other: 'x' }], 'x', [1]]) {
      expect(parseWaitAnswer(JSON.stringify({ status: 'allow', answers }), 'r1')).toEqual({
        requestId: 'r1',
        status: 'allow',
      });
    }
  });

  it('refuses what is not an answer about this request', () => {
    expect(parseWaitAnswer('{"requestId":"r2","status":"allow"}', 'r1')).toBeNull();
    expect(parseWaitAnswer('{"requestId":"r1","status":"maybe"}', 'r1')).toBeNull();
    expect(parseWaitAnswer('{"requestId":"r1"}', 'r1')).toBeNull();
    expect(parseWaitAnswer('<html>', 'r1')).toBeNull();
    expect(parseWaitAnswer('["allow"]', 'r1')).toBeNull();
  });
});
