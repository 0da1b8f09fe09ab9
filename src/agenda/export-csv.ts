import { DateTime } from 'luxon';
import type { ExportCommitment, ExportMeeting, ExportPerson, SeriesExport } from './export-data.ts';

/**
 * The history as one flat table, for a spreadsheet: one row per thing recorded, the meeting it belongs to repeated
 * on each row so any filter or pivot works without joins. RFC 4180 (CRLF rows, every field that holds a quote, comma
 * or line break quoted, quotes doubled), UTF-8 with a byte order mark so Excel does not read names as Latin-1.
 */

/** The columns, in order; README "Exporting a 1:1's history" says what each holds per item type. */
export const CSV_COLUMNS = [
  'meeting_start',
  'meeting_local',
  'meeting_status',
  'item_type',
  'item_id',
  'text',
  'person',
  'person_email',
  'due',
  'status',
  'at',
  'closed_at',
  'detail',
  'ref_id',
] as const;

type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string | null>>;

/** What each row is about. */
export type CsvItemType =
  | 'meeting'
  | 'topic'
  | 'deep_dive'
  | 'shared_notes'
  | 'decisions'
  | 'commitment'
  | 'commitment_change'
  | 'private_note';

const BOM = '\uFEFF';

/**
 * One field, quoted when it must be. A field starting with = + - @ (or a tab or carriage return) is a formula to
 * Excel, LibreOffice and Google Sheets, which would run a talking point like `=HYPERLINK(…)`; a leading apostrophe
 * makes it text (OWASP's advice), at the cost of showing the apostrophe in other readers.
 */
export function csvField(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Renders the export as CSV (see CSV_COLUMNS). */
export function renderCsv(data: SeriesExport): string {
  const rows: Row[] = [];
  const byId = new Map(data.commitments.map((c) => [c.id, c]));
  const zone = data.series.timeZone;
  for (const meeting of data.meetings) {
    const at: Row = {
      meeting_start: meeting.startsAt,
      meeting_local: localTime(meeting.startsAt, zone),
      meeting_status: meeting.status,
    };
    rows.push(...meetingRows(meeting, at, data.viewer.email ? personOf(data, data.viewer.email) : null));
    for (const id of meeting.commitmentIds) {
      const commitment = byId.get(id);
      if (commitment) rows.push(...commitmentRows(commitment, at));
    }
  }
  // Carried over from an earlier 1:1, or recorded before the first meeting: no meeting of this one to file under.
  for (const commitment of data.commitments.filter((c) => c.madeAt === null)) {
    rows.push(...commitmentRows(commitment, {}));
  }
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((col) => csvField(row[col])).join(','))];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

function meetingRows(meeting: ExportMeeting, at: Row, viewer: ExportPerson | null): Row[] {
  const item = (type: CsvItemType, row: Row): Row => ({ ...at, item_type: type, ...row });
  const rows: Row[] = [
    item('meeting', {
      item_id: meeting.id,
      text: meeting.when,
      ...who(meeting.declinedBy),
      status: meeting.status,
      detail: meeting.declinedBy ? `declined by ${meeting.declinedBy.name}` : null,
    }),
  ];
  for (const topic of meeting.talkingPoints) {
    rows.push(
      item('topic', {
        item_id: topic.id,
        text: topic.text,
        ...who(topic.author),
        status: topic.resolved ? 'resolved' : 'open',
        at: topic.resolvedAt,
        detail: topic.carriedFrom
          ? `carried from the meeting of ${topic.carriedFrom.meetingStartsAt ?? 'an earlier 1:1'}`
          : null,
        ref_id: topic.carriedFrom?.topicId ?? null,
      }),
    );
  }
  if (meeting.deepDive) rows.push(item('deep_dive', { text: meeting.deepDive }));
  if (meeting.sharedNotes) rows.push(item('shared_notes', { text: meeting.sharedNotes }));
  if (meeting.decisions) rows.push(item('decisions', { text: meeting.decisions }));
  if (meeting.privateNote !== undefined) rows.push(item('private_note', { text: meeting.privateNote, ...who(viewer) }));
  return rows;
}

function commitmentRows(commitment: ExportCommitment, at: Row): Row[] {
  const rows: Row[] = [
    {
      ...at,
      item_type: 'commitment',
      item_id: commitment.id,
      text: commitment.text,
      ...who(commitment.owner),
      due: commitment.due,
      status: commitment.status,
      at: commitment.createdAt,
      closed_at: commitment.closedAt,
      detail: commitment.createdBy ? `recorded by ${commitment.createdBy.name}` : null,
    },
  ];
  for (const change of commitment.history) {
    rows.push({
      ...at,
      item_type: 'commitment_change',
      text: commitment.text,
      ...who(change.by),
      status: change.to,
      at: change.at,
      detail: describeChange(change),
      ref_id: commitment.id,
    });
  }
  return rows;
}

/** A change in words: "created", "status open → done", "edited text, due", "moved to the owner's new 1:1". */
export function describeChange(change: ExportCommitment['history'][number]): string {
  if (change.kind === 'created') return 'created';
  if (change.kind === 'status') return `status ${change.from ?? '?'} → ${change.to ?? '?'}`;
  if (change.detail === 'thread') return "moved to the owner's new 1:1";
  return `edited ${(change.detail ?? '').split(',').join(', ')}`.trim();
}

function who(person: ExportPerson | null): Row {
  return person ? { person: person.name, person_email: person.email } : {};
}

function personOf(data: SeriesExport, email: string): ExportPerson {
  const { organizer, attendee } = data.series;
  return [organizer, attendee].find((p) => p.email === email) ?? { email, name: email };
}

/** "2026-11-10 11:00" in the series' zone: a form every spreadsheet reads as a date and time. */
function localTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd HH:mm');
}
