import { describe, expect, it } from 'vitest';
import type { MeetingStateView, ParticipantView } from '../../../shared/protocol';
import { arrange, splitThumbnails, thumbnailColumns, THUMBNAILS_VIRTUALISE_FROM } from './layout';

const person = (id: string, isChair = false): ParticipantView => ({
  id,
  userId: `u-${id}`,
  name: id,
  title: '',
  unit: 'Sở Tài chính',
  endpoint: null,
  attendees: '',
  role: isChair ? 'chair' : 'delegate',
  isChair,
  identityIncomplete: false,
  audio: true,
  video: true,
  audible: isChair,
  sharingScreen: false,
  leaveRequested: null,
  connection: 'online',
});
const roster = [person('chair', true), person('a'), person('b'), person('c')];
type Layout = Pick<MeetingStateView, 'layout' | 'floor'>;
const state = (mode: Layout['layout']['mode'], main: string | null, extra: Partial<Layout['layout']> = {}, holder: string | null = null): Layout => ({
  layout: { mode, pinned: null, main, ...extra },
  floor: holder ? { grantId: 'g', participantId: holder, speaker: holder, grantedAt: '', endsAt: '', warnAt: '' } : null,
});
const screenOf = (participantId: string) => ({ participantId, source: 'screen' as const });
const ids = (frames: { participantId: string; source: string }[]) => frames.map((f) => (f.source === 'camera' ? f.participantId : `${f.participantId}:${f.source}`));

describe('R3.8 layout frames', () => {
  it('main: the main frame is the one the server names, everyone else a thumbnail', () => {
    const a = arrange(roster, state('main', 'b', {}, 'b'), null);
    expect(a.mode).toBe('main');
    expect(ids(a.large)).toEqual(['b']);
    expect(ids(a.small)).toEqual(['chair', 'a', 'c']);
  });

  it('main: nobody sees their own camera in the main frame unless alone: the floor holder, else the first other', () => {
    // the chair, whom the server names for the main frame when nobody speaks, sees the first other participant
    const chairView = arrange(roster, state('main', 'chair'), null, 'chair');
    expect(ids(chairView.large)).toEqual(['a']);
    expect(ids(chairView.small)).toEqual(['chair', 'b', 'c']);
    // everyone else sees the chair there
    expect(ids(arrange(roster, state('main', 'chair'), null, 'b').large)).toEqual(['chair']);
    // pinned to oneself: the floor holder instead
    expect(ids(arrange(roster, state('main', 'b', { pinned: 'b' }, 'c'), null, 'b').large)).toEqual(['c']);
    // alone: oneself
    expect(ids(arrange([person('chair', true)], state('main', 'chair'), null, 'chair').large)).toEqual(['chair']);
    // one's own shared screen still takes the main frame
    expect(ids(arrange(roster, state('main', 'a'), screenOf('a'), 'a').large)).toEqual(['a:screen']);
  });

  it('main: a shared screen takes the main frame; the presenter’s camera stays a thumbnail', () => {
    const a = arrange(roster, state('main', 'a'), screenOf('a'));
    expect(ids(a.large)).toEqual(['a:screen']);
    expect(ids(a.small)).toEqual(['chair', 'a', 'b', 'c']);
  });

  it('main: a pinned participant keeps the main frame; the screen goes first among the thumbnails', () => {
    const a = arrange(roster, state('main', 'c', { pinned: 'c' }), screenOf('a'));
    expect(ids(a.large)).toEqual(['c']);
    expect(ids(a.small)).toEqual(['a:screen', 'chair', 'a', 'b']);
  });

  it('R3.11 main: a shown document takes the main frame like a screen; its presenter’s camera stays a thumbnail', () => {
    const a = arrange(roster, state('main', 'b'), { participantId: 'b', source: 'document' });
    expect(ids(a.large)).toEqual(['b:document']);
    expect(ids(a.small)).toEqual(['chair', 'a', 'b', 'c']);
  });

  it('grid: everyone in equal frames, a screen first', () => {
    expect(ids(arrange(roster, state('grid', 'chair'), null).small)).toEqual(['chair', 'a', 'b', 'c']);
    const withScreen = arrange(roster, state('grid', 'a'), screenOf('a'));
    expect(withScreen.large).toEqual([]);
    expect(ids(withScreen.small)).toEqual(['a:screen', 'chair', 'a', 'b', 'c']);
  });

  it('side by side: the chair and the floor holder, the others as thumbnails', () => {
    const a = arrange(roster, state('side_by_side', 'b', {}, 'b'), null);
    expect(ids(a.large)).toEqual(['chair', 'b']);
    expect(ids(a.small)).toEqual(['a', 'c']);
    // Nobody speaks: the chair alone.
    expect(ids(arrange(roster, state('side_by_side', 'chair'), null).large)).toEqual(['chair']);
  });

  it('falls back to the grid before the first meeting state and when the main frame is gone', () => {
    expect(arrange(roster, null, null).mode).toBe('grid');
    expect(arrange(roster, state('main', 'gone'), null).mode).toBe('grid');
  });
});

describe('thumbnails of a large meeting', () => {
  const camera = (participantId: string) => ({ participantId, source: 'camera' as const });
  const many = Array.from({ length: 1000 }, (_, i) => camera(`p${i}`));

  it('keeps every small frame mounted in a small meeting', () => {
    const few = many.slice(0, THUMBNAILS_VIRTUALISE_FROM - 1);
    expect(splitThumbnails(few, { holder: 'p3', selfId: 'p4' })).toEqual({ kept: few, scrolled: [] });
  });

  it('keeps a screen, the floor holder and ourselves mounted; the rest scroll', () => {
    const small = [screenOf('p7'), ...many];
    const { kept, scrolled } = splitThumbnails(small, { holder: 'p500', selfId: 'p999' });
    expect(ids(kept)).toEqual(['p7:screen', 'p500', 'p999']);
    expect(scrolled).toHaveLength(998);
    expect(scrolled[0]).toEqual(camera('p0'));
    expect(scrolled.some((f) => f.participantId === 'p500')).toBe(false);
  });

  it('fits as many columns as the width allows', () => {
    expect(thumbnailColumns(0, 180, 8)).toBe(1);
    expect(thumbnailColumns(100, 180, 8)).toBe(1);
    expect(thumbnailColumns(180 * 4 + 8 * 3, 180, 8)).toBe(4);
    expect(thumbnailColumns(180 * 4 + 8 * 3 - 1, 180, 8)).toBe(3);
  });
});
