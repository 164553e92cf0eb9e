import {
  isSessionState,
  nextSessionStatus,
  signalOfNotification,
  type SessionStatus,
  type StateSignal,
} from './session-state.util';

const T0 = new Date('2026-05-01T10:00:00.000Z');
const T1 = new Date('2026-05-01T10:01:00.000Z');
const T2 = new Date('2026-05-01T10:02:00.000Z');

/** The status after each signal in turn, one minute apart, from a new session. */
function run(...signals: StateSignal[]): SessionStatus {
  let status: SessionStatus | undefined;
  signals.forEach((signal, i) => {
    status = nextSessionStatus(status, signal, new Date(T0.getTime() + i * 60_000));
  });
  if (!status) throw new Error('no signal');
  return status;
}

describe('nextSessionStatus', () => {
  it.each<[StateSignal, string]>([
    [{ kind: 'started' }, 'idle'],
    [{ kind: 'prompted', promptId: 'p' }, 'working'],
    [{ kind: 'asking' }, 'asking'],
    [{ kind: 'waiting' }, 'waiting'],
    [{ kind: 'finished' }, 'idle'],
    [{ kind: 'busy' }, 'working'],
    [{ kind: 'ended' }, 'ended'],
  ])('a session that starts with %j is %s', (signal, state) => {
    expect(nextSessionStatus(undefined, signal, T0)).toMatchObject({ state, since: T0 });
  });

  it('follows a turn: started, working, asking, answered, idle, waiting, ended', () => {
    const seen: string[] = [];
    let status: SessionStatus | undefined;
    const signals: StateSignal[] = [
      { kind: 'started' },
      { kind: 'prompted', promptId: 'p1' },
      { kind: 'asking', promptId: 'p1' },
      { kind: 'answered' },
      { kind: 'finished', promptId: 'p1' },
      { kind: 'waiting' },
      { kind: 'ended' },
    ];
    for (const signal of signals) {
      status = nextSessionStatus(status, signal, T0);
      seen.push(status.state);
    }
    expect(seen).toEqual(['idle', 'working', 'asking', 'working', 'idle', 'waiting', 'ended']);
  });

  it("ignores a prompt that arrives after its own turn's later events", () => {
    expect(run({ kind: 'finished', promptId: 'p1' }, { kind: 'prompted', promptId: 'p1' })).toEqual(
      { state: 'idle', since: T0, promptId: 'p1' },
    );
    expect(
      run({ kind: 'asking', promptId: 'p1' }, { kind: 'prompted', promptId: 'p1' }).state,
    ).toBe('asking');
    // The next prompt is news.
    expect(
      run(
        { kind: 'finished', promptId: 'p1' },
        { kind: 'prompted', promptId: 'p1' },
        { kind: 'prompted', promptId: 'p2' },
      ),
    ).toEqual({ state: 'working', since: T2, promptId: 'p2' });
  });

  it('takes a prompt without an id (an older Claude Code) as a new one', () => {
    expect(run({ kind: 'finished' }, { kind: 'prompted' }).state).toBe('working');
  });

  it('keeps since while the state stays the same', () => {
    expect(run({ kind: 'asking', promptId: 'p' }, { kind: 'asking', promptId: 'p' })).toEqual({
      state: 'asking',
      since: T0,
      promptId: 'p',
    });
    expect(run({ kind: 'prompted' }, { kind: 'busy' }).since).toEqual(T0);
  });

  it('leaves an ended session ended, unless it starts again', () => {
    for (const signal of [
      { kind: 'prompted', promptId: 'x' },
      { kind: 'finished' },
      { kind: 'asking' },
      { kind: 'answered' },
      { kind: 'waiting' },
      { kind: 'busy' },
      { kind: 'ended' },
    ] as StateSignal[]) {
      expect(run({ kind: 'ended' }, signal)).toEqual({ state: 'ended', since: T0, promptId: null });
    }
    expect(run({ kind: 'ended' }, { kind: 'started' })).toMatchObject({ state: 'idle', since: T1 });
  });

  it('changes nothing when a live session starts again (compact, clear)', () => {
    expect(run({ kind: 'prompted', promptId: 'p' }, { kind: 'started' })).toEqual({
      state: 'working',
      since: T0,
      promptId: 'p',
    });
  });

  it('moves to working on an answer only while asking', () => {
    expect(run({ kind: 'finished' }, { kind: 'answered' }).state).toBe('idle');
    expect(run({ kind: 'asking' }, { kind: 'answered' })).toMatchObject({
      state: 'working',
      since: T1,
    });
  });
});

describe('signalOfNotification', () => {
  it('reads the type, and the event where it says more', () => {
    expect(signalOfNotification('completed', 'Stop', 'p')).toEqual({
      kind: 'finished',
      promptId: 'p',
    });
    expect(signalOfNotification('failed', 'StopFailure')).toEqual({ kind: 'finished' });
    expect(signalOfNotification('waiting', 'Notification')).toEqual({ kind: 'waiting' });
    expect(signalOfNotification('permission', 'Notification', 'p')).toEqual({
      kind: 'asking',
      promptId: 'p',
    });
    expect(signalOfNotification('completed', 'SubagentStop')).toEqual({ kind: 'busy' });
    expect(signalOfNotification('completed', undefined)).toEqual({ kind: 'finished' });
  });
});

describe('isSessionState', () => {
  it('knows the five states', () => {
    for (const state of ['working', 'waiting', 'asking', 'idle', 'ended']) {
      expect(isSessionState(state)).toBe(true);
    }
    expect(isSessionState('done')).toBe(false);
  });
});
