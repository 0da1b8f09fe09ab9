import { DateTime } from 'luxon';
import { formatDate } from '../core/time.ts';
import { describeChange } from './export-csv.ts';
import type { ExportCommitment, ExportMeeting, ExportPerson, SeriesExport } from './export-data.ts';

/**
 * The history as a document to read or paste into a wiki: the 1:1 and its people, follow-through, then one section
 * per meeting, oldest first like minutes (and like the other two formats). Everything people wrote is escaped, so a
 * talking point cannot become a heading, a link with hidden destination, an image or raw HTML wherever the file is
 * rendered.
 */

// Backslash-escaping is defined by CommonMark for every ASCII punctuation character; these are the ones that start
// inline syntax: emphasis, code, links and images (`[`; `(` and `!` mean nothing without it), autolinks and raw HTML,
// entities, GFM tables and strikethrough. A bare URL stays a URL: GFM may link it, but shows where it leads.
const INLINE_ACTIVE = /[\\`*_[\]<>&|~]/g;
// What is left at the start of a line (the rest was escaped above): headings, lists and setext underlines.
const LINE_START_ACTIVE = /^([#+\-=])/;
const ORDERED_LIST_START = /^(\d{1,9})([.)])/;

function escapeLine(line: string): string {
  return (
    line
      // Leading spaces would make an indented code block; they carry no meaning in a note.
      .trimStart()
      .replace(INLINE_ACTIVE, '\\$&')
      .replace(LINE_START_ACTIVE, '\\$1')
      .replace(ORDERED_LIST_START, '$1\\$2')
  );
}

/** Text a person wrote, made inert as Markdown: blank lines still part paragraphs, other line breaks stay breaks. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.split('\n').map(escapeLine).join('\\\n'))
    .join('\n\n');
}

/** One line for a list item: people's line breaks become spaces so the list stays a list. */
function inline(text: string): string {
  return escapeMarkdown(text.replace(/\s*[\r\n]+\s*/g, ' '));
}

const who = (person: ExportPerson) => `${inline(person.name)} (${inline(person.email)})`;
const personName = (person: ExportPerson | null) => (person ? inline(person.name) : 'someone on the shared link');

/** Renders the export as Markdown. */
export function renderMarkdown(data: SeriesExport): string {
  const { series, followThrough: ft } = data;
  const zone = series.timeZone;
  const byId = new Map(data.commitments.map((c) => [c.id, c]));
  const out: string[] = [`# ${inline(series.title)}: 1:1 history`, ''];
  out.push(
    `- **People:** ${who(series.organizer)}, organizer, and ${who(series.attendee)}, attendee`,
    `- **Time zone:** ${inline(zone)}; times below are in it`,
    `- **Exported:** ${dateTime(data.exportedAt, zone)}, ${exportedBy(data)}`,
  );
  if (series.status !== 'active' && series.statusReason) out.push(`- **Status:** ${inline(series.statusReason)}`);
  const rate = ft.onTimeRate === null ? 'nothing has come due yet' : `${Math.round(ft.onTimeRate * 100)}% on time`;
  out.push(
    `- **Follow-through:** ${ft.total} commitments: ${ft.doneOnTime} done on time, ${ft.doneLate} done late, ` +
      `${ft.open} open, ${ft.overdue} overdue, ${ft.dropped} dropped (${rate})`,
    '',
  );
  if (data.meetings.length === 0) out.push('No meetings yet.', '');
  for (const meeting of data.meetings) out.push(...meetingSection(meeting, byId, zone));
  const unattached = data.commitments.filter((c) => c.madeAt === null);
  if (unattached.length > 0) {
    out.push('## Commitments from before these meetings', '');
    out.push('Recorded before the first meeting, or carried over from an earlier 1:1.', '');
    for (const commitment of unattached) out.push(...commitmentItem(commitment, zone));
    out.push('');
  }
  out.push(...goalsSection(data, zone), ...feedbackSection(data, zone));
  return `${out.join('\n').trimEnd()}\n`;
}

function exportedBy(data: SeriesExport): string {
  if (data.viewer.email === null) return 'through the shared link (private notes are not included)';
  const own = [data.series.organizer, data.series.attendee].find((p) => p.email === data.viewer.email);
  return `by ${own ? inline(own.name) : 'a participant'} through their own link (their private notes included)`;
}

function meetingSection(meeting: ExportMeeting, byId: ReadonlyMap<string, ExportCommitment>, zone: string): string[] {
  const out = [`## ${inline(meeting.when)}`, ''];
  if (meeting.status === 'cancelled') out.push('*Cancelled.*', '');
  if (meeting.status === 'declined') out.push(`*Declined by ${personName(meeting.declinedBy)}.*`, '');
  const made = meeting.commitmentIds.flatMap((id) => byId.get(id) ?? []);
  const empty =
    meeting.talkingPoints.length === 0 &&
    made.length === 0 &&
    !meeting.deepDive &&
    !meeting.sharedNotes &&
    !meeting.decisions &&
    meeting.privateNote === undefined;
  if (empty) out.push('Nothing was recorded for this meeting.', '');
  if (meeting.talkingPoints.length > 0) {
    out.push('### Talking points', '');
    for (const topic of meeting.talkingPoints) {
      const notes = [`added by ${personName(topic.author)}`, topic.resolved ? 'resolved' : 'not resolved'];
      if (topic.carriedFrom) notes.push(`carried from ${carriedFrom(topic.carriedFrom.meetingStartsAt, zone)}`);
      out.push(`- ${inline(topic.text)} (${notes.join('; ')})`);
    }
    out.push('');
  }
  for (const [title, text] of [
    ['Deep dive', meeting.deepDive],
    ['Shared notes', meeting.sharedNotes],
    ['Decisions', meeting.decisions],
  ] as const) {
    if (text) out.push(`### ${title}`, '', escapeMarkdown(text), '');
  }
  if (made.length > 0) {
    out.push('### Commitments made', '');
    for (const commitment of made) out.push(...commitmentItem(commitment, zone));
    out.push('');
  }
  if (meeting.privateNote !== undefined) {
    out.push('### Your private note', '', escapeMarkdown(meeting.privateNote), '');
  }
  return out;
}

function commitmentItem(commitment: ExportCommitment, zone: string): string[] {
  const facts = [inline(commitment.owner.name)];
  if (commitment.due) facts.push(`due ${formatDate(commitment.due)}`);
  facts.push(`**${commitment.status}**`);
  if (commitment.closedAt) facts.push(`closed ${dateTime(commitment.closedAt, zone)}`);
  const lines = [`- ${inline(commitment.text)} (${facts.join(', ')})`];
  for (const change of commitment.history) {
    const by = change.by ? ` by ${inline(change.by.name)}` : '';
    lines.push(`  - ${dateTime(change.at, zone)}: ${inline(describeChange(change))}${by}`);
  }
  return lines;
}

function carriedFrom(startsAt: string | null, zone: string): string {
  return startsAt ? `the meeting of ${dateTime(startsAt, zone)}` : 'an earlier 1:1';
}

/** An instant in the series' zone, with the year: a history spans years. */
function dateTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('ccc d LLL yyyy, HH:mm');
}

/** The pair's development goals (own exports only), each with its milestones and record. */
function goalsSection(data: SeriesExport, zone: string): string[] {
  if (!data.goals || data.goals.length === 0) return [];
  const out = ['## Development goals', ''];
  for (const goal of data.goals) {
    const facts = [inline(goal.owner.name), `**${goal.status}**`];
    if (goal.targetDate) facts.push(`target ${formatDate(goal.targetDate)}`);
    out.push(`- ${inline(goal.title)} (${facts.join(', ')})`);
    if (goal.description) out.push(`  - ${inline(goal.description)}`);
    for (const milestone of goal.milestones) {
      const due = milestone.due ? `, due ${formatDate(milestone.due)}` : '';
      out.push(`  - [${milestone.doneAt ? 'x' : ' '}] ${inline(milestone.text)}${due}`);
    }
    for (const entry of goal.history) out.push(`  - ${dateTime(entry.at, zone)}: ${inline(entry.text)}`);
  }
  out.push('');
  return out;
}

/** The ratings and answers the exporting person may read (own exports only). */
function feedbackSection(data: SeriesExport, zone: string): string[] {
  if (!data.feedback || data.feedback.length === 0) return [];
  const out = ['## Feedback on meetings', ''];
  for (const item of data.feedback) {
    const rating = item.rating === null ? 'no rating' : `rated ${item.rating} of 5`;
    const shared = item.shared ? 'shared' : 'not shared';
    out.push(`- ${dateTime(item.meetingStartsAt, zone)}, ${inline(item.author.name)}: ${rating} (${shared})`);
    if (item.answer) out.push(`  - ${inline(item.question)} ${inline(item.answer)}`);
  }
  out.push('');
  return out;
}
