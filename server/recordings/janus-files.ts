/**
 * Janus's raw recordings (R3.6), as the VideoRoom writes them into a room's `rec_dir`: one `.mjr` file per media
 * line of each publisher, named `videoroom-<room>-user-<feedId>-<timestamp>-<audio|video|data>-<n>.mjr`
 * (checked against Janus 1.1.2 with a Chromium publisher). The room id (`<meetingId>-<random>`) never contains
 * `-user-`; feed ids are participant ids, or `<participantId>:screen` for a shared screen.
 */

export interface JanusFile {
  /** The file name, without folder. */
  name: string;
  room: string;
  feedId: string;
  /** Janus's real-time clock in µs when the recorder was created: orders files and splits segments. */
  startedUs: number;
  kind: 'audio' | 'video' | 'data';
  /** The media line's index (`mindex`). */
  index: number;
}

const pattern = /^videoroom-(.+?)-user-(.+)-(\d+)-(audio|video|data)-(\d+)\.mjr$/;

export function parseJanusFileName(name: string): JanusFile | null {
  const m = pattern.exec(name);
  if (!m) return null;
  return { name, room: m[1]!, feedId: m[2]!, startedUs: Number(m[3]), kind: m[4] as JanusFile['kind'], index: Number(m[5]) };
}

/** What one recordings row is made from: one publisher's audio and video over one stretch of recording. */
export interface RecordingSegment {
  feedId: string;
  files: JanusFile[];
}

/**
 * Groups files by feed, then into segments: within a feed, files in time order start a new segment whenever a
 * media line repeats (recording stopped and started again, or the publisher published anew). Data channels are
 * left out: they are not part of a playable file. Segments come out ordered by feed, then time.
 */
export function segmentsOf(files: JanusFile[]): RecordingSegment[] {
  const byFeed = new Map<string, JanusFile[]>();
  for (const f of files) {
    if (f.kind === 'data') continue;
    byFeed.set(f.feedId, [...(byFeed.get(f.feedId) ?? []), f]);
  }
  const segments: RecordingSegment[] = [];
  for (const [feedId, list] of [...byFeed].sort(([a], [b]) => a.localeCompare(b))) {
    list.sort((a, b) => a.startedUs - b.startedUs || a.index - b.index);
    let current: JanusFile[] = [];
    for (const f of list) {
      if (current.some((c) => c.kind === f.kind && c.index === f.index)) {
        segments.push({ feedId, files: current });
        current = [];
      }
      current.push(f);
    }
    if (current.length) segments.push({ feedId, files: current });
  }
  return segments;
}
