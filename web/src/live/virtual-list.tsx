/**
 * A list that stays smooth at a thousand lines: below `virtualiseFrom` items every line is rendered (a short list
 * looks and behaves as a plain list); from there on only the lines in view (and a few around them) are in the DOM,
 * each measured as it renders (lines differ in height). Section headers can stick to the top while their lines
 * scroll under them. Keyboard: the list is one tab stop; Up/Down, Page Up/Down, Home/End move between lines (a
 * line out of view is scrolled to and focused), and the buttons of a line are reached with Tab from it.
 */
import { useVirtualizer, defaultRangeExtractor, type Range } from '@tanstack/react-virtual';
import { Fragment, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type CSSProperties, type FocusEvent, type KeyboardEvent, type ReactNode, type Ref } from 'react';

/** Lists longer than this are virtualised. */
export const VIRTUALISE_FROM = 40;

/** What a rendered line spreads on its root element (`<li>`). */
export interface LineProps {
  'data-index': number;
  ref?: (element: HTMLElement | null) => void;
  style?: CSSProperties;
  tabIndex: number;
  'aria-setsize'?: number;
  'aria-posinset'?: number;
}

/** Whether a line would render the same (for memoised lines: the props object is new on every render). */
export function sameLineProps(a: LineProps, b: LineProps): boolean {
  return (
    a['data-index'] === b['data-index'] &&
    a.ref === b.ref &&
    a.tabIndex === b.tabIndex &&
    a['aria-setsize'] === b['aria-setsize'] &&
    a['aria-posinset'] === b['aria-posinset'] &&
    a.style?.position === b.style?.position &&
    a.style?.transform === b.style?.transform
  );
}

export interface VirtualListHandle {
  /** Scrolls line `index` into view and moves the focus to it. */
  focusLine(index: number): void;
}

export interface VirtualListProps<T> {
  items: readonly T[];
  itemKey(item: T): string;
  /** A first guess of a line's height in pixels (the real height is measured). */
  estimateSize(item: T): number;
  renderLine(item: T, index: number, props: LineProps): ReactNode;
  /** Section headers that stick to the top of the list while their lines scroll. */
  isSticky?(item: T): boolean;
  as?: 'ul' | 'ol';
  className?: string;
  /** The scrolling box around the list. */
  scrollClassName?: string;
  label?: string;
  virtualiseFrom?: number;
  handle?: Ref<VirtualListHandle>;
  testId?: string;
}

const NAVIGATION_KEYS = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp']);

export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, itemKey, estimateSize, renderLine, isSticky, as: List = 'ul', virtualiseFrom = VIRTUALISE_FROM } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = items.length > virtualiseFrom;
  const [active, setActive] = useState(0);
  const stickyIndexes = useMemo(() => (isSticky ? items.flatMap((item, index) => (isSticky(item) ? [index] : [])) : []), [items, isSticky]);
  const activeSticky = useRef<number | null>(null);
  /** Each move of the focus (focusLine) has a number; only the latest keeps working over the next frames. */
  const focusCall = useRef(0);

  const rangeExtractor = useCallback(
    (range: Range) => {
      // The header of the section at the top of the view stays rendered, stuck to the top.
      let current: number | null = null;
      for (const index of stickyIndexes) {
        if (index > range.startIndex) break;
        current = index;
      }
      activeSticky.current = current;
      const indexes = defaultRangeExtractor(range);
      return current === null || indexes.includes(current) ? indexes : [current, ...indexes];
    },
    [stickyIndexes],
  );

  const virtualizer = useVirtualizer<HTMLDivElement, HTMLElement>({
    count: items.length,
    enabled: virtual,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => estimateSize(items[index]!),
    getItemKey: (index) => itemKey(items[index]!),
    overscan: 6,
    rangeExtractor,
    useFlushSync: false,
  });

  const focusLine = useCallback(
    (index: number) => {
      const target = Math.max(0, Math.min(items.length - 1, index));
      setActive(target);
      if (virtual) virtualizer.scrollToIndex(target, { align: 'auto' });
      // A line out of view renders only after the scroll: look for it over a few frames. The virtualiser scrolls by
      // estimated heights until the lines around are measured, so keep the line in view a few frames more (unless
      // the focus went elsewhere meanwhile).
      const call = ++focusCall.current;
      let frames = 0;
      let focused: HTMLElement | null = null;
      const attempt = () => {
        if (call !== focusCall.current) return; // a newer move took over
        const element = scrollRef.current?.querySelector<HTMLElement>(`:scope > * > [data-index="${target}"]`) ?? null;
        if (element && !focused) {
          element.focus({ preventScroll: true });
          focused = element;
        }
        if (element && focused && document.activeElement === element) element.scrollIntoView({ block: 'nearest' });
        else if (focused) return;
        if (frames++ < 30) requestAnimationFrame(attempt);
      };
      attempt();
    },
    [items.length, virtual, virtualizer],
  );
  useImperativeHandle(props.handle, () => ({ focusLine }), [focusLine]);

  // Keep the tab stop on a line that exists.
  useEffect(() => {
    if (active >= items.length && items.length > 0) setActive(items.length - 1);
  }, [active, items.length]);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!NAVIGATION_KEYS.has(event.key) || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select')) return;
    const line = target.closest<HTMLElement>('[data-index]');
    if (!line || !scrollRef.current?.contains(line)) return;
    const from = Number(line.dataset.index);
    const page = Math.max(1, Math.floor((scrollRef.current.clientHeight || 400) / 60));
    const to =
      event.key === 'ArrowDown' ? from + 1 : event.key === 'ArrowUp' ? from - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? items.length - 1 : event.key === 'PageDown' ? from + page : from - page;
    event.preventDefault();
    focusLine(to);
  };

  const lineProps = (index: number): LineProps => ({ 'data-index': index, tabIndex: index === Math.min(active, items.length - 1) ? 0 : -1 });
  /** A line focused by click or Tab becomes the list's tab stop. */
  const onFocus = (event: FocusEvent<HTMLElement>) => {
    const index = (event.target as HTMLElement).dataset.index;
    if (index !== undefined) setActive(Number(index));
  };

  if (!virtual) {
    return (
      <div className={props.scrollClassName ?? 'vlist-scroll'} ref={scrollRef} data-testid={props.testId} data-virtual="false">
        <List className={props.className} aria-label={props.label} onKeyDown={onKeyDown} onFocus={onFocus}>
          {items.map((item, index) => (
            <Fragment key={itemKey(item)}>{renderLine(item, index, lineProps(index))}</Fragment>
          ))}
        </List>
      </div>
    );
  }

  const virtualItems = virtualizer.getVirtualItems();
  return (
    <div className={props.scrollClassName ?? 'vlist-scroll'} ref={scrollRef} data-testid={props.testId} data-virtual="true">
      <List className={props.className} aria-label={props.label} onKeyDown={onKeyDown} onFocus={onFocus} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualItems.map((v) => {
          const stuck = v.index === activeSticky.current;
          const style: CSSProperties = stuck
            ? { position: 'sticky', top: 0, zIndex: 2 }
            : { position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${v.start}px)` };
          return (
            <Fragment key={v.key}>
              {renderLine(items[v.index]!, v.index, { ...lineProps(v.index), ref: virtualizer.measureElement, style, 'aria-setsize': items.length, 'aria-posinset': v.index + 1 })}
            </Fragment>
          );
        })}
      </List>
    </div>
  );
}
