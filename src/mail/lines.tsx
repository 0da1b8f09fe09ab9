/**
 * The lines both emails list — a commitment, a talking point — as plain data, each with its HTML and plain-text
 * form, so the two parts of a message say the same thing.
 */
import { Muted } from './layout.tsx';

/** What every email about one meeting says: which meeting, to whom, and the recipient's own link to it. */
export interface MeetingEmailInput {
  readonly title: string;
  readonly recipient: { readonly email: string; readonly name: string };
  readonly other: { readonly name: string };
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly timeZone: string;
  /** The recipient's own link to this meeting's page (never the shared link: it also opens their private notes). */
  readonly link: string;
}

/** A commitment as an email lists it: who owns it, and its due date as people read it. */
export interface CommitmentLine {
  readonly text: string;
  readonly ownerName: string;
  /** Formatted for people ("Fri 11 Dec"), or null when none was agreed. */
  readonly due: string | null;
  readonly overdue: boolean;
}

/** A talking point as an email lists it. */
export interface TopicLine {
  readonly text: string;
  /** Who added it; null when nobody said (the shared link). */
  readonly authorName: string | null;
  readonly resolved: boolean;
}

function commitmentDetail(line: CommitmentLine): string {
  return `${line.ownerName}${line.due ? `, due ${line.due}` : ''}${line.overdue ? ', overdue' : ''}`;
}

function topicDetail(line: TopicLine): string {
  return [line.authorName ? `from ${line.authorName}` : '', line.resolved ? 'resolved' : ''].filter(Boolean).join(', ');
}

/** A commitment in a list: its text, then owner and due date, quieter. */
export function CommitmentItem({ line }: { readonly line: CommitmentLine }) {
  return (
    <>
      {line.text} <Muted>— {commitmentDetail(line)}</Muted>
    </>
  );
}

/** A talking point in a list: its text, then who added it and whether it was resolved, quieter. */
export function TopicItem({ line }: { readonly line: TopicLine }) {
  const detail = topicDetail(line);
  return (
    <>
      {line.text}
      {detail ? <Muted> — {detail}</Muted> : null}
    </>
  );
}

/** A commitment as a plain-text bullet. */
export function commitmentText(line: CommitmentLine): string {
  return `- ${line.text} (${commitmentDetail(line)})`;
}

/** A talking point as a plain-text bullet. */
export function topicText(line: TopicLine): string {
  const detail = topicDetail(line);
  return `- ${line.text}${detail ? ` (${detail})` : ''}`;
}

/** A plain-text section: its heading, underlined, then its lines; nothing when it has none. */
export function textSection(heading: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : ['', heading, '-'.repeat(heading.length), ...lines];
}

/**
 * Free text a person wrote, cut to a length an email carries: Gmail clips a message past about 100 KB, and the
 * agenda page holds the whole of it.
 */
export function clipped(text: string, max = 3000): string {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max).trimEnd()}… (continued on the agenda page)`;
}
