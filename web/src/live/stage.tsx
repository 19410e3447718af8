/**
 * The frames of the meeting, arranged as the meeting's layout says (R3.8); a shared screen or a shown document
 * takes the main frame (R3.11).
 */
import { useCallback, useLayoutEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { MeetingStateView, ParticipantView } from '../../../shared/protocol';
import { DocumentTile } from './document-tile';
import { t } from '../i18n';
import { arrange, splitThumbnails, type Frame } from './layout';
import { streamKey } from './media-session';
import { ParticipantTile, ScreenTile, type FramePlace } from './participant-tile';
import { ThumbnailGrid } from './thumbnail-grid';

export interface StageProps {
  roster: ParticipantView[];
  selfId: string | null;
  state: MeetingStateView | null;
  localStream: MediaStream | null;
  screenStream: MediaStream | null;
  remoteStreams: ReadonlyMap<string, MediaStream>;
  /** Our own microphone and camera as we switched them (shown on our own frame at once). */
  micOn: boolean;
  cameraOn: boolean;
  soundUnlock: number;
  onAutoplayBlocked(): void;
  /** Given to those who may arrange the layout: pin a participant to the main frame, or unpin (null). */
  onPin?(participantId: string | null): void;
  meetingId: string | null;
  /** The presenter of a shown document turns its pages or stops it. */
  onDocumentPage(page: number): void;
  onDocumentStop(): void;
}

/** Columns and rows of the tile grid: on a wide screen up to 4 columns, on a phone 1 or 2. */
function gridShape(count: number): CSSProperties {
  const n = Math.max(count, 1);
  const colsWide = n <= 1 ? 1 : n <= 4 ? 2 : n <= 9 ? 3 : 4;
  const colsNarrow = n <= 2 ? 1 : 2;
  return {
    ['--cols-wide' as string]: colsWide,
    ['--rows-wide' as string]: Math.ceil(n / colsWide),
    ['--cols-narrow' as string]: colsNarrow,
  };
}

export function Stage(props: StageProps) {
  const { roster, selfId, state, localStream, screenStream, remoteStreams } = props;
  // A screen shows only once its stream is there (ours at once; another's when it arrives).
  const presenting = state?.presentation ?? null;
  const screenShown = presenting !== null && (presenting === selfId ? screenStream !== null : remoteStreams.has(streamKey(presenting, 'screen')));
  const shownDocument = state?.document ?? null;
  const presentation: Frame | null = screenShown
    ? { participantId: presenting!, source: 'screen' }
    : shownDocument && props.meetingId
      ? { participantId: shownDocument.participantId, source: 'document' }
      : null;
  const presentationKey = presentation ? `${presentation.participantId}:${presentation.source}` : '';
  // Only the layout and the floor arrange the frames (the state changes often in a large meeting: health, queue).
  const layout = state?.layout ?? null;
  const floor = state?.floor ?? null;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the key stands for the frame
  const arrangement = useMemo(() => arrange(roster, layout ? { layout, floor } : null, presentation, selfId), [roster, layout, floor, presentationKey, selfId]);
  const byId = useMemo(() => new Map(roster.map((p) => [p.id, p])), [roster]);
  const pinned = state?.layout.pinned ?? null;
  const holder = state?.floor?.participantId ?? null;

  // One function for every tile (they are memoised), reading the pin and the handler of this render.
  const pinning = useRef({ onPin: props.onPin, pinned });
  useLayoutEffect(() => {
    pinning.current = { onPin: props.onPin, pinned };
  });
  const togglePin = useCallback((participantId: string) => {
    const { onPin, pinned: current } = pinning.current;
    onPin?.(current === participantId ? null : participantId);
  }, []);

  const smallPlace: FramePlace = arrangement.mode === 'grid' ? 'grid' : 'small';
  const frames: { frame: Frame; place: FramePlace }[] = [
    ...arrangement.large.map((frame) => ({ frame, place: 'large' as const })),
    ...arrangement.small.map((frame) => ({ frame, place: smallPlace })),
  ];
  // A large meeting: the screen, the floor holder and ourselves stay; the other thumbnails scroll, mounted in view only.
  const { kept, scrolled } = useMemo(() => splitThumbnails(arrangement.small, { holder, selfId }), [arrangement.small, holder, selfId]);
  const scaled = scrolled.length > 0;
  const layoutClass = arrangement.mode === 'grid' ? (scaled ? 'stage-scaled-grid' : 'tile-grid stage-grid') : arrangement.mode === 'main' ? 'stage-main' : 'stage-side';

  const renderFrame = ({ frame, place }: { frame: Frame; place: FramePlace }) => {
    const participant = byId.get(frame.participantId);
    if (!participant) return null;
    const isSelf = participant.id === selfId;
    if (frame.source === 'document' && shownDocument && props.meetingId) {
      return (
        <DocumentTile
          key={`${participant.id}:document`}
          meetingId={props.meetingId}
          document={shownDocument}
          presenter={participant}
          isPresenter={isSelf}
          place={place}
          onPage={props.onDocumentPage}
          onStop={props.onDocumentStop}
        />
      );
    }
    if (frame.source === 'screen') {
      return (
        <ScreenTile
          key={streamKey(participant.id, 'screen')}
          participant={participant}
          stream={isSelf ? screenStream : (remoteStreams.get(streamKey(participant.id, 'screen')) ?? null)}
          isSelf={isSelf}
          place={place}
        />
      );
    }
    return (
      <ParticipantTile
        key={participant.id}
        participant={isSelf ? { ...participant, audio: props.micOn, video: props.cameraOn } : participant}
        stream={isSelf ? localStream : (remoteStreams.get(participant.id) ?? null)}
        isSelf={isSelf}
        place={place}
        speaking={holder === participant.id}
        showIdentityFlag={state?.you.may.moderate === true}
        pinned={pinned === participant.id}
        onTogglePin={props.onPin ? togglePin : undefined}
        soundUnlock={props.soundUnlock}
        onAutoplayBlocked={props.onAutoplayBlocked}
      />
    );
  };

  const thumbnails = scaled && (
    <ThumbnailGrid
      className={arrangement.mode === 'grid' ? 'stage-grid-scroll' : 'stage-thumbnails'}
      frames={scrolled}
      renderTile={(frame) => renderFrame({ frame, place: smallPlace })}
      minTileWidth={arrangement.mode === 'grid' ? 220 : 150}
      label={t('stage.thumbnails', { count: arrangement.small.length })}
    />
  );

  return (
    <div
      className={`stage ${layoutClass}${arrangement.large.length === 1 ? ' single' : ''}${scaled ? ' scaled' : ''}`}
      style={arrangement.mode === 'grid' && !scaled ? gridShape(frames.length) : undefined}
      data-testid="stage"
      data-layout={arrangement.mode}
      data-main={arrangement.large[0]?.participantId ?? ''}
      data-main-source={arrangement.large[0]?.source ?? ''}
      data-frames={frames.length}
    >
      {!scaled && frames.map(renderFrame)}
      {scaled && arrangement.mode !== 'grid' && (
        <>
          {arrangement.large.map((frame) => renderFrame({ frame, place: 'large' }))}
          {kept.map((frame) => renderFrame({ frame, place: smallPlace }))}
          {thumbnails}
        </>
      )}
      {scaled && arrangement.mode === 'grid' && (
        <>
          {kept.length > 0 && <div className="kept-frames">{kept.map((frame) => renderFrame({ frame, place: smallPlace }))}</div>}
          {thumbnails}
        </>
      )}
    </div>
  );
}
