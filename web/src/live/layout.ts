/**
 * Layout frames (R3.8): where each participant's camera and a shared screen go, following the meeting's layout
 * (`meeting_state.layout`) as the chair's technician set it. Pure, so that every participant computes the same
 * arrangement from the same state.
 *
 * - `main`: one main frame (`layout.main`: pinned, else the presentation — a shared screen or a shown document —
 *   else the floor holder, else the chair) with everyone else as thumbnails; but nobody sees their own camera in
 *   the main frame unless alone (the chair would otherwise watch himself): they see the floor holder there, else
 *   the first other participant in the roster's order;
 * - `grid`: everyone in equal frames (a shared screen first);
 * - `side_by_side`: the chair and the speaker (the main frame when it is not the chair, else the floor holder)
 *   side by side, everyone else as thumbnails.
 */
import type { LayoutMode, MeetingStateView, ParticipantView } from '../../../shared/protocol';

export interface Frame {
  participantId: string;
  /** `document`: the meeting document its participant is showing (R3.11). */
  source: 'camera' | 'screen' | 'document';
}

export interface Arrangement {
  mode: LayoutMode;
  /** The large frames: one in `main`, up to two in `side_by_side`, none in `grid`. */
  large: Frame[];
  /** The small frames (thumbnails), or every frame in `grid`. */
  small: Frame[];
}

const camera = (participantId: string): Frame => ({ participantId, source: 'camera' });
const same = (a: Frame, b: Frame) => a.participantId === b.participantId && a.source === b.source;

/**
 * `roster` in display order; `state` may be null before the first `meeting_state`; `presentation`: the shared
 * screen or shown document we can show, and whose it is (null when there is none); `selfId`: whose view this is.
 */
export function arrange(
  roster: readonly ParticipantView[],
  state: Pick<MeetingStateView, 'layout' | 'floor'> | null,
  presentation: Frame | null,
  selfId: string | null = null,
): Arrangement {
  const present = new Set(roster.map((p) => p.id));
  const cameras = roster.map((p) => camera(p.id));
  const screenFrame = presentation && presentation.source !== 'camera' && present.has(presentation.participantId) ? presentation : null;
  const mode: LayoutMode = state?.layout.mode ?? 'grid';
  const mainId = state?.layout.main && present.has(state.layout.main) ? state.layout.main : null;
  // The main frame shows the presenter's screen when the presentation is what takes it.
  const mainFrame = mainId ? (screenFrame && screenFrame.participantId === mainId && state?.layout.pinned !== mainId ? screenFrame : camera(mainId)) : null;
  const rest = (large: Frame[]): Frame[] => {
    const small = cameras.filter((f) => !large.some((l) => same(l, f)));
    if (screenFrame && !large.some((l) => same(l, screenFrame))) small.unshift(screenFrame);
    return small;
  };

  if (mode === 'grid' || (mode === 'main' && !mainFrame)) {
    return { mode: 'grid', large: [], small: screenFrame ? [screenFrame, ...cameras] : cameras };
  }
  if (mode === 'main') {
    const shown = mainFrame!.source === 'camera' && mainFrame!.participantId === selfId ? notSelf(roster, state, selfId) : mainFrame!;
    return { mode, large: [shown], small: rest([shown]) };
  }

  // side_by_side: the chair, and whoever speaks or is shown.
  const chair = roster.find((p) => p.isChair);
  const holder = state?.floor?.participantId && present.has(state.floor.participantId) ? state.floor.participantId : null;
  const large: Frame[] = [];
  if (chair) large.push(camera(chair.id));
  const speaker = mainFrame && !(mainFrame.source === 'camera' && mainFrame.participantId === chair?.id) ? mainFrame : holder && holder !== chair?.id ? camera(holder) : null;
  if (speaker) large.push(speaker);
  if (large.length === 0) return { mode: 'grid', large: [], small: screenFrame ? [screenFrame, ...cameras] : cameras };
  return { mode, large, small: rest(large) };
}

/** Instead of our own camera in the main frame: the floor holder, else the first other participant (or ourselves when alone). */
function notSelf(roster: readonly ParticipantView[], state: Pick<MeetingStateView, 'floor'> | null, selfId: string): Frame {
  const holder = state?.floor?.participantId;
  if (holder && holder !== selfId && roster.some((p) => p.id === holder)) return camera(holder);
  const other = roster.find((p) => p.id !== selfId);
  return camera(other ? other.id : selfId);
}

/** From this many small frames on, only the thumbnails in view are mounted (a meeting of a thousand). */
export const THUMBNAILS_VIRTUALISE_FROM = 24;

/**
 * The small frames of a large meeting, split: those that stay mounted whatever the scroll (a shared screen or shown
 * document, the floor holder, ourselves), in their order, and the rest, scrolled in a grid that mounts only the
 * thumbnails in view. Below THUMBNAILS_VIRTUALISE_FROM every small frame stays mounted.
 */
export function splitThumbnails(small: readonly Frame[], keep: { holder: string | null; selfId: string | null }): { kept: Frame[]; scrolled: Frame[] } {
  if (small.length < THUMBNAILS_VIRTUALISE_FROM) return { kept: [...small], scrolled: [] };
  const kept: Frame[] = [];
  const scrolled: Frame[] = [];
  for (const frame of small) {
    const stays = frame.source !== 'camera' || frame.participantId === keep.holder || frame.participantId === keep.selfId;
    (stays ? kept : scrolled).push(frame);
  }
  return { kept, scrolled };
}

/** Columns of a thumbnail grid `width` pixels wide: as many as fit at `minTile` pixels each, at least one. */
export function thumbnailColumns(width: number, minTile: number, gap: number): number {
  if (width <= 0) return 1;
  return Math.max(1, Math.floor((width + gap) / (minTile + gap)));
}
