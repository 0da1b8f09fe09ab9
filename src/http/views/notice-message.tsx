import { type Notice, type NoticePlace, noticeId } from './notice.ts';

/**
 * A confirmation in a polite live region, rendered only at the place it belongs to. It can take focus (the
 * redirect's fragment points at it), so keyboard and screen-reader users land on it, next to what they changed.
 */
export function NoticeMessage({ notice, at }: { readonly notice: Notice | undefined; readonly at: NoticePlace }) {
  if (!notice || notice.at !== at) return null;
  return (
    <p role="status" aria-live="polite" id={noticeId(at)} tabindex={-1} class="status">
      {notice.text}
    </p>
  );
}
