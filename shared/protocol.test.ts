import { describe, expect, it } from 'vitest';
import { errorCatalogue, errorIds } from './errors';
import { PROTOCOL_VERSION, clientMessage, clientMessageTypes, serverMessage } from './protocol';

describe('signaling protocol', () => {
  it('knows every client message type and rejects extra shapes', () => {
    expect(clientMessageTypes).toEqual(expect.arrayContaining(['join', 'publish', 'subscriber_answer', 'trickle', 'set_media', 'leave', 'end_meeting']));
    expect(clientMessage.safeParse({ type: 'join', v: PROTOCOL_VERSION, slug: 'duan', password: 'x' }).success).toBe(true);
    expect(clientMessage.safeParse({ type: 'join', v: PROTOCOL_VERSION, slug: '', password: 'x' }).success).toBe(false);
    expect(clientMessage.safeParse({ type: 'trickle', peer: 'publisher', candidate: null }).success).toBe(true);
    expect(clientMessage.safeParse({ type: 'trickle', peer: 'janus', candidate: null }).success).toBe(false);
    expect(clientMessage.safeParse({ type: 'publish', jsep: { type: 'pranswer', sdp: 'v=0' } }).success).toBe(false);
  });

  it('error frames carry only catalogued ids', () => {
    expect(serverMessage.safeParse({ type: 'error', id: 'meeting_not_found', message: 'x' }).success).toBe(true);
    expect(serverMessage.safeParse({ type: 'error', id: 'made_up', message: 'x' }).success).toBe(false);
  });

  it('every error id maps to an HTTP status', () => {
    for (const id of errorIds) expect(errorCatalogue[id].status).toBeGreaterThanOrEqual(400);
  });
});
