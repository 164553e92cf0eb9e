import { SessionError, SessionErrorCode, isSessionError } from './session.error';

describe('SessionError', () => {
  it('carries the code and is an Error', () => {
    const error = SessionError.notFound('kr4:9');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(SessionError);
    expect(error.name).toBe('SessionError');
    expect(error.code).toBe(SessionErrorCode.NotFound);
    expect(error.code).toBe('SESSION_NOT_FOUND');
    expect(error.ref).toBe('kr4:9');
    expect(isSessionError(error)).toBe(true);
    expect(isSessionError(new Error('x'))).toBe(false);
  });

  it('tells what a valid reference looks like', () => {
    const error = SessionError.invalidRef('hello');
    expect(error.code).toBe('SESSION_INVALID_REF');
    expect(error.message).toContain('"hello"');
    expect(error.message).toContain('kr4:1');
    expect(error.message).toContain('/sessions');
  });

  it('does not echo a whole paragraph back', () => {
    const error = SessionError.invalidRef('x'.repeat(500));
    expect(error.message.length).toBeLessThan(200);
  });

  it('says when a session expired and what starts a new one', () => {
    const error = SessionError.expired(
      'kr4:1',
      new Date('2026-01-02T10:00:00.000Z'),
      new Date('2026-01-01T10:00:00.000Z'),
    );
    expect(error.code).toBe(SessionErrorCode.Expired);
    expect(error.expiredAt?.toISOString()).toBe('2026-01-02T10:00:00.000Z');
    expect(error.message).toContain('kr4:1 expired at 2026-01-02 10:00 UTC');
    expect(error.message).toContain('last notification came at 2026-01-01 10:00 UTC');
    expect(error.message).toContain('new session');
    expect(error.message).toContain('/sessions');
  });

  it('says when a session ended and that nothing was typed', () => {
    const error = SessionError.ended('kr4:3', new Date('2026-01-02T10:05:00.000Z'));
    expect(error.code).toBe(SessionErrorCode.Ended);
    expect(error.ref).toBe('kr4:3');
    expect(error.message).toBe(
      'Session kr4:3 ended at 2026-01-02 10:05 UTC: Claude exited, so nothing was typed. ' +
        '/new starts Claude again; /sessions lists live ones.',
    );
  });
});
