/**
 * A textarea's content as it must be written: HTML drops one newline right after `<textarea>`, so one is added
 * and notes that begin with a blank line keep it.
 */
export function textareaContent(value: string): string {
  return `\n${value}`;
}
