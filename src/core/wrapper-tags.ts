/**
 * Which tags around a span of a description belong to it. A calendar wraps text in inline tags (`<span>`, `<b>`);
 * replacing the text without its wrappers would leave empty `<b></b>` behind, and taking one half of a pair that
 * also encloses a person's text would break their formatting.
 */
import type { MarkupTag } from './visible-text.ts';

// Inline elements a calendar wraps around text. Block elements (<p>, <div>) stay: they are what puts the span on
// its own line, and taking one would glue its replacement onto the person's line before it.
const WRAPPERS = new Set(['a', 'b', 'big', 'code', 'em', 'font', 'i', 'mark', 's', 'small', 'span', 'strong', 'u']);

/** Tags with lookups by where they start and end, built once per description. */
export interface TagIndex {
  readonly tags: readonly MarkupTag[];
  /** Tag position in `tags` by the raw offset it starts at, and by the offset it ends at. */
  readonly byStart: ReadonlyMap<number, number>;
  readonly byEnd: ReadonlyMap<number, number>;
}

/** Indexes the tags of one description for `widenOverWrappers`. */
export function indexTags(tags: readonly MarkupTag[]): TagIndex {
  return {
    tags,
    byStart: new Map(tags.map((tag, at) => [tag.start, at])),
    byEnd: new Map(tags.map((tag, at) => [tag.end, at])),
  };
}

/**
 * Widens [start, end) over the wrapper tags touching it — an opening `<b>` right before, a closing `</b>` right after —
 * but only as far as the range stays balanced, so no half of a person's tag pair is taken.
 */
export function widenOverWrappers(start: number, end: number, index: TagIndex): { start: number; end: number } {
  const { tags, byStart, byEnd } = index;
  const before: number[] = [];
  for (let at = byEnd.get(start); at !== undefined; at = byEnd.get(tags[at]?.start ?? -1)) {
    const tag = tags[at];
    if (tag?.kind !== 'open' || !WRAPPERS.has(tag.name)) break;
    before.push(at);
  }
  const after: number[] = [];
  for (let at = byStart.get(end); at !== undefined; at = byStart.get(tags[at]?.end ?? -1)) {
    const tag = tags[at];
    if (tag?.kind !== 'close' || !WRAPPERS.has(tag.name)) break;
    after.push(at);
  }

  const firstInside = tags.findIndex((tag) => tag.start >= start);
  const lastInside = tags.findLastIndex((tag) => tag.end <= end);
  let left = before.length;
  let right = after.length;
  for (;;) {
    const from = left > 0 ? (before[left - 1] as number) : firstInside;
    const to = right > 0 ? (after[right - 1] as number) : lastInside;
    const { unclosed, unopened } = unbalanced(tags, from, to);
    const leftOk = before.slice(0, left).every((at) => !unclosed.has(at));
    const rightOk = after.slice(0, right).every((at) => !unopened.has(at));
    if (leftOk && rightOk) break;
    if (!leftOk) left -= 1;
    if (!rightOk) right -= 1;
  }
  return {
    start: left > 0 ? (tags[before[left - 1] as number] as MarkupTag).start : start,
    end: right > 0 ? (tags[after[right - 1] as number] as MarkupTag).end : end,
  };
}

/** Tags in tags[from..to] whose partner is outside that span. */
function unbalanced(tags: readonly MarkupTag[], from: number, to: number) {
  const unclosed = new Set<number>();
  const unopened = new Set<number>();
  const open: number[] = [];
  if (from < 0 || to < from) return { unclosed, unopened };
  for (let index = from; index <= to; index++) {
    const tag = tags[index] as MarkupTag;
    if (tag.kind === 'open') open.push(index);
    if (tag.kind !== 'close') continue;
    const partner = open.findLastIndex((o) => tags[o]?.name === tag.name);
    if (partner === -1) unopened.add(index);
    else open.splice(partner, 1);
  }
  for (const index of open) unclosed.add(index);
  return { unclosed, unopened };
}
