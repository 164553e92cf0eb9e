import { NOTHING_CHOSEN } from '@ccr/delivery-domain';
import { ChatSettingsEntity } from './entities/chat-settings.entity';
import { LaunchEntity } from './entities/launch.entity';
import { MuteEntity } from './entities/mute.entity';
import { NotificationEntity } from './entities/notification.entity';
import { PermissionRequestEntity } from './entities/permission-request.entity';
import { QuestionAnswerEntity } from './entities/question-answer.entity';
import { SessionEntity } from './entities/session.entity';
import {
  parseMetadata,
  parseObjectList,
  toChosenDeliverySettings,
  toEpochMs,
  toLaunchView,
  toMute,
  toNotificationView,
  toPermissionView,
  toSessionView,
} from './view-mapper.util';

describe('view mapping', () => {
  it('turns a session row into the view the apps use', () => {
    const row: SessionEntity = Object.assign(new SessionEntity(), {
      id: 7,
      serverId: 'kr4',
      seq: 3,
      token: 'AB12CD34',
      claudeSessionId: 'u',
      sessionKey: 'claude:u',
      project: 'api',
      cwd: '/srv',
      hostname: 'h',
      tmuxSession: 'w',
      tmuxWindow: '1',
      tmuxPane: '%2',
      lastType: 'waiting',
      state: 'waiting',
      stateSince: 1_500,
      statePromptId: 'p',
      createdAt: 1_000,
      lastEventAt: 2_000,
      expiresAt: 3_000,
    });
    expect(toSessionView(row)).toEqual({
      id: 7,
      serverId: 'kr4',
      seq: 3,
      name: 'kr4:3',
      token: 'AB12CD34',
      claudeSessionId: 'u',
      project: 'api',
      cwd: '/srv',
      hostname: 'h',
      tmux: { session: 'w', window: '1', pane: '%2' },
      lastType: 'waiting',
      state: 'waiting',
      stateSince: new Date(1_500),
      createdAt: new Date(1_000),
      lastEventAt: new Date(2_000),
      expiresAt: new Date(3_000),
    });
  });

  it('reads a session that has sent no notification yet as lastType null', () => {
    const row = Object.assign(new SessionEntity(), {
      id: 1,
      serverId: 'kr4',
      seq: 1,
      lastType: '',
      state: 'idle',
      stateSince: 0,
    });
    expect(toSessionView(row)).toMatchObject({ lastType: null, state: 'idle' });
  });

  it('turns a launch row into its view, open while it has no closing time', () => {
    const row = Object.assign(new LaunchEntity(), {
      id: 4,
      serverId: 'kr4',
      folder: '/srv/api',
      tmuxSession: 'ccr',
      tmuxWindow: '@3',
      tmuxPane: '%7',
      firstPrompt: null,
      chatId: '100',
      requestedBy: '@ana',
      status: 'started',
      sessionId: 9,
      createdAt: 1_000,
      closedAt: null,
    });
    expect(toLaunchView(row)).toEqual({
      id: 4,
      serverId: 'kr4',
      folder: '/srv/api',
      tmux: { session: 'ccr', window: '@3', pane: '%7' },
      firstPrompt: null,
      chatId: '100',
      requestedBy: '@ana',
      status: 'started',
      sessionId: 9,
      createdAt: new Date(1_000),
      closedAt: null,
    });
  });

  it("reads a chat's settings row as what it chose, and no row as nothing chosen", () => {
    expect(toChosenDeliverySettings(null)).toEqual(NOTHING_CHOSEN);
    const row = Object.assign(new ChatSettingsEntity(), {
      chatId: '100',
      timeZone: 'Europe/Berlin',
      quietStart: 1320,
      quietEnd: null,
      quietMode: 'silent',
      quietRequests: null,
      presenceWindowSeconds: 120,
      presenceMode: null,
      updatedAt: 5,
    });
    // Quiet hours need both ends.
    expect(toChosenDeliverySettings(row)).toEqual({
      ...NOTHING_CHOSEN,
      timeZone: 'Europe/Berlin',
      quietMode: 'silent',
      presenceWindowSeconds: 120,
    });
  });

  it('reads a mute row by what it mutes: a session (by name), a server, or everything', () => {
    const session = Object.assign(new SessionEntity(), { id: 9, serverId: 'kr4', seq: 3 });
    const mute = (fields: Partial<MuteEntity>) =>
      toMute(
        Object.assign(new MuteEntity(), {
          chatId: '100',
          serverId: null,
          sessionId: null,
          until: 9_000,
          ...fields,
        }),
      );
    expect(mute({ serverId: 'kr4', sessionId: 9, session })).toEqual({
      target: { kind: 'session', serverId: 'kr4', sessionId: 9, sessionName: 'kr4:3' },
      until: new Date(9_000),
    });
    expect(mute({ serverId: 'kr4' }).target).toEqual({ kind: 'server', serverId: 'kr4' });
    expect(mute({}).target).toEqual({ kind: 'all' });
  });

  it('turns a notification row into its view', () => {
    const row: NotificationEntity = Object.assign(new NotificationEntity(), {
      id: 1,
      sessionId: 7,
      eventId: null,
      type: 'completed',
      event: null,
      message: null,
      metadata: '{"a":1}',
      sentAt: null,
      receivedAt: 5_000,
    });
    expect(toNotificationView(row)).toEqual({
      id: 1,
      sessionId: 7,
      eventId: null,
      type: 'completed',
      event: null,
      message: null,
      metadata: { a: 1 },
      sentAt: null,
      receivedAt: new Date(5_000),
    });
  });

  it('reads metadata that is not a JSON object as empty', () => {
    expect(parseMetadata('{"notification":"x"}')).toEqual({ notification: 'x' });
    for (const text of ['', 'not json', '[1,2]', 'null', '"s"', '3']) {
      expect(parseMetadata(text)).toEqual({});
    }
  });

  it('turns a permission request row into its view', () => {
    const row: PermissionRequestEntity = Object.assign(new PermissionRequestEntity(), {
      id: 3,
      requestId: 'req-1',
      sessionId: 7,
      toolName: 'Bash',
      toolInput: '{"command":"ls"}',
      suggestions: '[{"type":"addRules"}]',
      permissionMode: null,
      status: 'deny',
      decidedBy: 'Ann',
      decidedAt: 6_000,
      createdAt: 5_000,
      expiresAt: 9_000,
      feedback: null,
      feedbackAskedAt: null,
    });
    expect(toPermissionView(row)).toEqual({
      id: 3,
      requestId: 'req-1',
      sessionId: 7,
      kind: 'permission',
      toolName: 'Bash',
      toolInput: { command: 'ls' },
      suggestions: [{ type: 'addRules' }],
      permissionMode: null,
      status: 'deny',
      decidedBy: 'Ann',
      decidedAt: new Date(6_000),
      createdAt: new Date(5_000),
      expiresAt: new Date(9_000),
      feedback: null,
      feedbackAskedAt: null,
      answers: [],
    });
  });

  it('turns a question request row with its answers into its view, answers in question order', () => {
    const answer = (questionIndex: number, fields: Partial<QuestionAnswerEntity>) =>
      Object.assign(new QuestionAnswerEntity(), {
        id: questionIndex + 10,
        permissionId: 3,
        questionIndex,
        options: '[]',
        otherText: null,
        otherAskedAt: null,
        answeredBy: null,
        answeredAt: null,
        ...fields,
      });
    const row: PermissionRequestEntity = Object.assign(new PermissionRequestEntity(), {
      id: 3,
      requestId: 'req-q',
      sessionId: 7,
      toolName: 'AskUserQuestion',
      toolInput: JSON.stringify({
        questions: [
          { question: 'A?', header: 'A', options: [{ label: 'x' }], multiSelect: true },
          { question: 'B?', header: 'B', options: [{ label: 'y' }], multiSelect: false },
        ],
      }),
      suggestions: '[]',
      permissionMode: 'default',
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      createdAt: 5_000,
      expiresAt: 9_000,
      feedback: null,
      feedbackAskedAt: null,
      answers: [
        answer(1, { otherText: 'mine', answeredBy: 'Ann', answeredAt: 7_000 }),
        answer(0, { options: '[0, "x", 2.5]', otherAskedAt: 6_000 }),
      ],
    });
    const view = toPermissionView(row);
    expect(view.kind).toBe('question');
    expect(view.answers).toEqual([
      {
        questionIndex: 0,
        options: [0],
        otherText: null,
        otherAskedAt: new Date(6_000),
        answeredBy: null,
        answeredAt: null,
      },
      {
        questionIndex: 1,
        options: [],
        otherText: 'mine',
        otherAskedAt: null,
        answeredBy: 'Ann',
        answeredAt: new Date(7_000),
      },
    ]);
  });

  it('reads a list of objects, leaving out anything else', () => {
    expect(parseObjectList('[{"a":1},2,null,[3],{"b":2}]')).toEqual([{ a: 1 }, { b: 2 }]);
    for (const text of ['', 'nope', '{"a":1}', 'null']) expect(parseObjectList(text)).toEqual([]);
  });

  it('refuses an invalid date rather than storing NaN', () => {
    expect(toEpochMs(new Date(12))).toBe(12);
    expect(() => toEpochMs(new Date('nope'))).toThrow(RangeError);
  });
});
