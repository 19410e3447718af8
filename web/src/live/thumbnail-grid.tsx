/**
 * The thumbnails of a large meeting in a scrolling grid that mounts only the rows in view (and one around them):
 * a thousand participants never mean a thousand tiles or <video> elements. As many columns as the width allows;
 * rows are of one height, 16:9 tiles.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { Frame } from './layout';
import { thumbnailColumns } from './layout';

const GAP = 8;

export interface ThumbnailGridProps {
  frames: readonly Frame[];
  renderTile(frame: Frame): ReactNode;
  /** The narrowest a tile gets, in pixels. */
  minTileWidth: number;
  label: string;
  className?: string;
}

/** The content width of an element, followed as it resizes. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export function ThumbnailGrid({ frames, renderTile, minTileWidth, label, className }: ThumbnailGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useWidth(scrollRef);
  const columns = thumbnailColumns(width, minTileWidth, GAP);
  const tileHeight = width > 0 ? Math.round((((width - (columns - 1) * GAP) / columns) * 9) / 16) : 100;
  const rows = Math.ceil(frames.length / columns);
  const virtualizer = useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => tileHeight + GAP,
    overscan: 1,
    useFlushSync: false,
  });
  // Rows are all of one height: measured again when the width (hence the height) changes.
  useEffect(() => virtualizer.measure(), [virtualizer, tileHeight]);

  return (
    <div
      ref={scrollRef}
      className={`thumbnail-grid${className ? ` ${className}` : ''}`}
      role="region"
      aria-label={label}
      tabIndex={0}
      data-testid="thumbnail-grid"
      data-count={frames.length}
      data-columns={columns}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div
            key={row.key}
            className="thumbnail-row"
            data-row={row.index}
            style={{ position: 'absolute', top: 0, left: 0, width: '100%', height: tileHeight, transform: `translateY(${row.start}px)`, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gap: GAP }}
          >
            {frames.slice(row.index * columns, (row.index + 1) * columns).map(renderTile)}
          </div>
        ))}
      </div>
    </div>
  );
}
