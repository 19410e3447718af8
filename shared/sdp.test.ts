import { describe, expect, it } from 'vitest';
import { sdpProblem } from './sdp';

const offer = ['v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=mid:0', ''].join('\r\n');

describe('a session description’s shape', () => {
  it('accepts what browsers send (CRLF or LF)', () => {
    expect(sdpProblem(offer)).toBeNull();
    expect(sdpProblem(offer.replace(/\r\n/g, '\n'))).toBeNull();
  });
  it('refuses what is not one, naming why', () => {
    expect(sdpProblem('not really sdp')).toMatch(/v=0/);
    expect(sdpProblem(offer.replace('s=-', 's-'))).toMatch(/line 3/);
    expect(sdpProblem(offer.replace(/m=audio[^\r]*\r\n/, ''))).toMatch(/no m= line/);
    expect(sdpProblem(offer + 'garbage\r\n')).toMatch(/line 9/);
  });
});
