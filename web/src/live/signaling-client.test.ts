import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type MeetingStateView, type ServerMessage } from '../../../shared/protocol';
import { JOIN_TIMEOUT_MS, reconnectBoundMs, reconnectDelayMs, SignalingClient, type SocketLike } from './signaling-client';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  closedWith: number | undefined;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number) {
    this.closedWith = code;
    this.readyState = 3;
  }
  // driven by the test
  open() {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) } as MessageEvent);
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
}

const state: MeetingStateView = {
  floor: null,
  queue: [],
  locked: false,
  layout: { mode: 'main', pinned: null, main: null },
  recording: false,
  presentation: null,
  presenters: [],
  document: null,
  lobby: [],
  health: [],
  you: { role: 'delegate', may: { controlFloor: false, requestFloor: true, requestOnBehalf: false, moderate: false, layout: false, record: false, admit: false, present: false, technicianChat: false, reportIncident: false, leaveFreely: false } },
};

const joined: ServerMessage = {
  type: 'joined',
  v: PROTOCOL_VERSION,
  participantId: 'p1',
  meeting: { id: 'm1', title: 'Giao ban tuần', slug: 'giao-ban', chairId: 'u1', startsAt: '2027-01-05T08:00:00Z', endsAt: '2027-01-05T10:00:00Z' },
  media: 'available',
  resumeToken: 'resume-token-of-p1-0123456789',
  resumed: false,
  keepMedia: false,
  seq: 3,
  roster: [],
  state,
};

describe('SignalingClient', () => {
  let sockets: FakeSocket[];
  let client: SignalingClient;
  let states: string[];
  let messages: ServerMessage[];

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    sockets = [];
    client = new SignalingClient({
      url: 'ws://example.test/ws',
      slug: 'giao-ban',
      password: 'mật khẩu',
      random: () => 0.5,
      createSocket: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket;
      },
    });
    states = [];
    messages = [];
    client.onState((s) => states.push(s));
    client.onMessage((m) => messages.push(m));
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('sends join first and becomes joined', () => {
    client.start();
    expect(client.state).toBe('connecting');
    sockets[0]!.open();
    expect(sockets[0]!.sent).toEqual([{ type: 'join', v: PROTOCOL_VERSION, slug: 'giao-ban', password: 'mật khẩu' }]);
    sockets[0]!.receive(joined);
    expect(client.state).toBe('joined');
    expect(messages).toEqual([joined]);
  });

  it('logs and ignores malformed frames', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive('not json');
    sockets[0]!.receive({ type: 'roster', roster: [{ id: 1 }] });
    sockets[0]!.receive({ type: 'surprise' });
    expect(messages).toEqual([]);
    expect(client.state).toBe('connecting');
    expect(console.warn).toHaveBeenCalledTimes(3);
  });

  it('reconnects with backoff from 0.25 s to 3 s with full jitter, and takes its presence back with the resume token', () => {
    expect([0, 1, 2, 3, 4, 10].map(reconnectBoundMs)).toEqual([250, 500, 1000, 2000, 3000, 3000]);
    expect(reconnectDelayMs(3, () => 0)).toBe(0);
    expect(reconnectDelayMs(3, () => 0.999)).toBe(1998);
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(joined);
    sockets[0]!.drop();
    expect(client.state).toBe('reconnecting');
    vi.advanceTimersByTime(124); // half the bound: random() is 0.5 here
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop(); // server still down
    vi.advanceTimersByTime(249);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    sockets[2]!.open();
    expect(sockets[2]!.sent).toEqual([{ type: 'join', v: PROTOCOL_VERSION, slug: 'giao-ban', password: 'mật khẩu', resume: 'resume-token-of-p1-0123456789' }]);
    sockets[2]!.receive(joined);
    expect(client.state).toBe('joined');
    expect(states).toEqual(['connecting', 'joined', 'reconnecting', 'joined']);
    expect(messages.filter((m) => m.type === 'joined')).toHaveLength(2);
  });

  it('retries an attempt that gets no answer to join', () => {
    client.start();
    sockets[0]!.open();
    vi.advanceTimersByTime(JOIN_TIMEOUT_MS);
    expect(client.state).toBe('reconnecting');
    expect(sockets[0]!.closedWith).toBe(4000);
  });

  it('ends for good when the server refuses the join', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive({ type: 'error', id: 'meeting_password_wrong', message: 'wrong', request: 'join' });
    expect(client.state).toBe('closed');
    expect(client.closeCause).toEqual({ kind: 'refused', errorId: 'meeting_password_wrong' });
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('ends for good on a closed frame, and passes later errors on', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(joined);
    sockets[0]!.receive({ type: 'error', id: 'chair_only', message: 'no', request: 'end_meeting' });
    expect(messages.at(-1)).toMatchObject({ type: 'error', id: 'chair_only' });
    sockets[0]!.receive({ type: 'closed', reason: 'meeting_ended' });
    expect(client.state).toBe('closed');
    expect(client.closeCause).toEqual({ kind: 'server', reason: 'meeting_ended' });
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('R3.1 waits in the lobby without a join time-out, then enters when admitted', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive({ type: 'lobby', reason: 'not_invited' });
    expect(client.state).toBe('lobby');
    vi.advanceTimersByTime(JOIN_TIMEOUT_MS * 6);
    expect(client.state).toBe('lobby');
    expect(sockets).toHaveLength(1);
    expect(client.send({ type: 'request_floor', topic: '' })).toBe(false);
    sockets[0]!.receive(joined);
    expect(client.state).toBe('joined');
    expect(states).toEqual(['connecting', 'lobby', 'joined']);
    expect(messages.map((m) => m.type)).toEqual(['lobby', 'joined']);
  });

  it('R3.1 ends with the chair’s reason when refused from the lobby', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive({ type: 'lobby', reason: 'technical_staff' });
    sockets[0]!.receive({ type: 'closed', reason: 'refused', message: 'Không có nhiệm vụ kỹ thuật' });
    expect(client.state).toBe('closed');
    expect(client.closeCause).toEqual({ kind: 'server', reason: 'refused', message: 'Không có nhiệm vụ kỹ thuật' });
  });

  it('leaves the lobby with a word to the server', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive({ type: 'lobby', reason: 'locked' });
    client.leave();
    expect(sockets[0]!.sent.at(-1)).toEqual({ type: 'leave' });
    expect(client.closeCause).toEqual({ kind: 'local' });
  });

  it('sends leave before closing, and nothing after', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(joined);
    client.leave();
    expect(sockets[0]!.sent.at(-1)).toEqual({ type: 'leave' });
    expect(sockets[0]!.closedWith).toBe(1000);
    expect(client.send({ type: 'set_media', audio: true, video: true })).toBe(false);
    expect(client.closeCause).toEqual({ kind: 'local' });
  });
});
