import { describeAnswer, outcomeForStatus } from './delivery-outcome.util';

describe('outcomeForStatus', () => {
  it.each([200, 201, 202, 204])('%i: delivered', (status) => {
    expect(outcomeForStatus(status, '')).toEqual({ kind: 'delivered', status });
  });

  it.each([500, 502, 503, 504, 408, 429, 301])('%i: retried later', (status) => {
    expect(outcomeForStatus(status, '').kind).toBe('retry');
  });

  it.each([400, 401, 403, 404, 413, 422])('%i: rejected for good', (status) => {
    expect(outcomeForStatus(status, '').kind).toBe('rejected');
  });
});

describe('describeAnswer', () => {
  it("uses the hub's message and field", () => {
    expect(
      describeAnswer(
        400,
        JSON.stringify({
          statusCode: 400,
          error: 'Bad Request',
          message: 'too long',
          field: 'cwd',
        }),
      ),
    ).toBe('HTTP 400: too long (field cwd)');
    expect(describeAnswer(400, JSON.stringify({ message: ['a is bad', 'b is bad'] }))).toBe(
      'HTTP 400: a is bad; b is bad',
    );
  });

  it('falls back to the status', () => {
    expect(describeAnswer(502, '<html>Bad gateway</html>')).toBe('HTTP 502');
  });
});
