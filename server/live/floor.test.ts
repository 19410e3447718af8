import { describe, expect, it } from 'vitest';
import { Floor, warnAt } from './floor';

const clock = () => {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe('floor rules (R3.4, R3.5)', () => {
  it('R3.4 requests queue in order; a grant takes the request out of the queue', () => {
    const c = clock();
    const floor = new Floor(c.now);
    const a = floor.request({ participantId: 'a', speaker: 'An', topic: 'ngân sách', enteredBy: 'a' });
    c.advance(10);
    const b = floor.request({ participantId: 'b', speaker: 'Bình', topic: '', enteredBy: 'b' });
    expect(floor.requests.map((r) => r.id)).toEqual([a.id, b.id]);
    const { grant } = floor.give({ requestId: a.id, seconds: 120, grantedBy: 'chair' });
    expect(grant).toMatchObject({ participantId: 'a', speaker: 'An', topic: 'ngân sách', endsAt: c.now() + 120_000 });
    expect(floor.requests.map((r) => r.id)).toEqual([b.id]);
  });

  it('R3.4 one open request per speaker; a technician may queue several people of the room', () => {
    const floor = new Floor();
    floor.request({ participantId: 'a', speaker: 'An', topic: '', enteredBy: 'a' });
    expect(() => floor.request({ participantId: 'a', speaker: 'An', topic: '', enteredBy: 'a' })).toThrow(expect.objectContaining({ id: 'floor_already_requested' }));
    floor.request({ participantId: 'room', speaker: 'Ông Cường (phòng họp huyện)', topic: '', enteredBy: 'tech' });
    floor.request({ participantId: 'room', speaker: 'Bà Dung (phòng họp huyện)', topic: '', enteredBy: 'tech' });
    expect(floor.requests).toHaveLength(3);
  });

  it('R3.5 stale commands are refused: granting a withdrawn request, ending an ended turn, extending an old grant', () => {
    const c = clock();
    const floor = new Floor(c.now);
    const r = floor.request({ participantId: 'a', speaker: 'An', topic: '', enteredBy: 'a' });
    floor.withdraw(r.id, 'a');
    expect(() => floor.give({ requestId: r.id, seconds: 60, grantedBy: 'chair' })).toThrow(expect.objectContaining({ id: 'floor_request_not_found' }));
    const { grant } = floor.give({ participantId: 'b', speaker: 'Bình', seconds: 60, grantedBy: 'chair' });
    c.advance(5000);
    const ended = floor.finish(grant.id, 'revoked');
    expect(ended.spokeMs).toBe(5000);
    expect(() => floor.finish(grant.id, 'revoked')).toThrow(expect.objectContaining({ id: 'floor_not_held' }));
    expect(() => floor.extend(grant.id, 60)).toThrow(expect.objectContaining({ id: 'floor_not_held' }));
  });

  it('R3.5 a new grant ends the current turn; expiry is counted up to the limit; extension moves the end', () => {
    const c = clock();
    const floor = new Floor(c.now);
    const first = floor.give({ participantId: 'a', speaker: 'An', seconds: 60, grantedBy: 'chair' }).grant;
    floor.extend(first.id, 30);
    expect(floor.holder!.endsAt - first.grantedAt).toBe(90_000);
    c.advance(20_000);
    const { ended } = floor.give({ participantId: 'b', speaker: 'Bình', seconds: 60, grantedBy: 'chair' });
    expect(ended).toMatchObject({ participantId: 'a', how: 'replaced', spokeMs: 20_000 });
    c.advance(70_000); // the timer fires late: counted to the limit
    const expired = floor.finish(floor.holder!.id, 'expired');
    expect(expired.spokeMs).toBe(60_000);
  });

  it('only the one who entered a request (or the chair) withdraws it; a leaving speaker ends the turn', () => {
    const floor = new Floor();
    const r = floor.request({ participantId: 'a', speaker: 'An', topic: '', enteredBy: 'a' });
    expect(() => floor.withdraw(r.id, 'b')).toThrow(expect.objectContaining({ id: 'floor_request_not_found' }));
    floor.withdraw(r.id, 'chair', true);
    floor.give({ participantId: 'a', speaker: 'An', seconds: 60, grantedBy: 'chair' });
    expect(floor.dropParticipant('a')).toMatchObject({ how: 'left' });
    expect(floor.holder).toBeNull();
  });

  it('R3.5 the warning comes 30 s before the end, or in the last third of a short turn', () => {
    expect(warnAt({ grantedAt: 0, endsAt: 300_000 })).toBe(270_000);
    expect(warnAt({ grantedAt: 0, endsAt: 15_000 })).toBe(10_000);
  });
});
