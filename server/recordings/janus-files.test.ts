import { describe, expect, it } from 'vitest';
import { parseJanusFileName, segmentsOf, type JanusFile } from './janus-files';

const room = 'eb160fd5-742f-483d-bb3c-80f0a66d0161-7c342fbb';
const alice = '7b0bcc41-3af6-4a55-a381-58824ec518c5';
const bob = '0a9c7e3e-1111-4b2b-8c9d-000000000001';
const file = (feed: string, ts: number, kind: 'audio' | 'video' | 'data', index: number) => `videoroom-${room}-user-${feed}-${ts}-${kind}-${index}.mjr`;
const parsed = (name: string) => parseJanusFileName(name) as JanusFile;

describe('Janus recording files (R3.6)', () => {
  it('reads room, feed, time, kind and media line from the name Janus 1.1 writes', () => {
    expect(parseJanusFileName(file(alice, 1795465380542666, 'audio', 0))).toEqual({
      name: file(alice, 1795465380542666, 'audio', 0),
      room,
      feedId: alice,
      startedUs: 1795465380542666,
      kind: 'audio',
      index: 0,
    });
    expect(parseJanusFileName(file(`${alice}:screen`, 5, 'video', 0))?.feedId).toBe(`${alice}:screen`);
    expect(parseJanusFileName('notes.txt')).toBeNull();
    expect(parseJanusFileName(`${file(alice, 1, 'audio', 0)}.tmp`)).toBeNull();
  });

  it('one segment per publisher, screens apart, data channels left out', () => {
    const names = [file(alice, 100, 'audio', 0), file(alice, 101, 'video', 1), file(alice, 102, 'data', 2), file(bob, 100, 'audio', 0), file(`${alice}:screen`, 150, 'video', 0)];
    const segments = segmentsOf(names.map(parsed));
    expect(segments.map((s) => [s.feedId, s.files.map((f) => `${f.kind}-${f.index}`)])).toEqual([
      [bob, ['audio-0']],
      [alice, ['audio-0', 'video-1']],
      [`${alice}:screen`, ['video-0']],
    ].sort(([a], [b]) => String(a).localeCompare(String(b))));
  });

  it('recording stopped and started again makes a second segment of the same publisher', () => {
    const names = [file(alice, 300, 'video', 1), file(alice, 100, 'audio', 0), file(alice, 299, 'audio', 0), file(alice, 101, 'video', 1)];
    const segments = segmentsOf(names.map(parsed));
    expect(segments.map((s) => s.files.map((f) => f.startedUs))).toEqual([
      [100, 101],
      [299, 300],
    ]);
  });
});
