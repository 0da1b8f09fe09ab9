/**
 * What the people of a chaos run do besides meeting: the organizer edits their own words in the next meeting's
 * invite while Carryover may be writing it, and records a commitment after each meeting through the product's HTTP
 * API. Both remember what they did, for the invariants.
 */
import type { Db } from '../../src/db/database.ts';
import { editOwnText, meetingsOf } from './calendars.ts';
import { count, type FaultCounts } from './faults.ts';
import { occurrenceOf, persist } from './invariants.ts';
import type { Random } from './random.ts';
import type { ChaosSeries, OwnTextVersions, RecordedCommitment } from './world.ts';

const BLOCK = /=== Carryover 1:1 agenda ===[\s\S]*?=== End of Carryover agenda ===/;

export interface PeopleOptions {
  readonly db: Db;
  readonly sandboxUrl: string;
  readonly clock: () => Date;
  readonly runStart: Date;
  readonly random: Random;
  /** The address of a live instance (any: they share the database and the keys). */
  readonly anyInstance: () => string;
  readonly faults: FaultCounts;
}

/** The people of a run, and what they did. */
export interface People {
  readonly commitments: RecordedCommitment[];
  readonly ownText: OwnTextVersions;
  /** The block each meeting's invite held when its organizer last wrote it back whole. */
  readonly blocksWrittenByPerson: Map<string, string>;
  /** The organizer of `series` edits their own words in its next meeting's invite. */
  editNextInvite(series: ChaosSeries): Promise<void>;
  /** The organizer records a commitment made at the meeting of `series` that started at `start`. */
  recordCommitment(series: ChaosSeries, start: Date): Promise<void>;
}

export function createPeople({ db, sandboxUrl, clock, runStart, random, anyInstance, faults }: PeopleOptions): People {
  const commitments: RecordedCommitment[] = [];
  const ownText: OwnTextVersions = new Map();
  const edits = new Map<string, number>();
  const blocksWrittenByPerson = new Map<string, string>();
  return {
    commitments,
    ownText,
    blocksWrittenByPerson,
    async editNextInvite(s) {
      const meetings = await meetingsOf(s.provider, sandboxUrl, s.organizer, s.seriesId, clock()).catch(() => []);
      const upcoming = meetings.find((m) => m.start > clock());
      if (!upcoming) return;
      const version = (edits.get(upcoming.id) ?? 0) + 1;
      edits.set(upcoming.id, version);
      const allowed = ownText.get(upcoming.id) ?? new Set([0]);
      ownText.set(upcoming.id, allowed);
      count(faults, 'person edits the invite (412 race)');
      try {
        const written = await editOwnText(s.provider, sandboxUrl, s.organizer, upcoming.id, s.tag, version);
        if (written === undefined) return;
        allowed.clear();
        allowed.add(version);
        const block = BLOCK.exec(written)?.[0];
        if (block) blocksWrittenByPerson.set(upcoming.id, block);
      } catch (error) {
        // A refusal (an injected fault answered the person's own call) changed nothing; a connection lost after
        // the request went out may or may not have: then either version may be there.
        if (error instanceof TypeError) allowed.add(version);
      }
    },
    async recordCommitment(s, start) {
      const occurrence = await occurrenceOf(db, s, start);
      const text = `commitment-${s.tag}-${start.toISOString().slice(0, 10)}-${random.int(1000, 9999)}`;
      const at = clock();
      if (!occurrence) {
        commitments.push({ series: s, text, at, status: 0, note: 'the meeting has no occurrence row' });
        return;
      }
      // The organizer's own link from the recap, else the shared link from an invite (saying who they are).
      const mail = (await persist(async () =>
        (await fetch(`${sandboxUrl}/sandbox/mail?to=${encodeURIComponent(s.organizer)}`)).json(),
      )) as { text: string | null; html: string | null }[];
      const ownLink = new RegExp(`/a/([A-Za-z0-9_-]+)\\?occurrence=${occurrence.id}`);
      let token = mail.map((m) => ownLink.exec(`${m.text} ${m.html}`)?.[1]).find(Boolean);
      const shared = !token;
      if (!token) {
        const meetings = await persist(() => meetingsOf(s.provider, sandboxUrl, s.organizer, s.seriesId, runStart));
        token = meetings.map((m) => /\/a\/([A-Za-z0-9_-]{20,})/.exec(m.description)?.[1]).find(Boolean);
      }
      if (!token) {
        commitments.push({ series: s, text, at, status: 0, note: 'no recap and no invite holds a link' });
        return;
      }
      const owner = random.chance(0.5) ? s.organizer : s.attendee;
      let status = 0;
      let refusal = '';
      // An instance killed under the request answers 502 through its front: the person tries again.
      for (let attempt = 0; attempt < 4 && (status === 0 || status >= 500); attempt++) {
        const response = await fetch(`${anyInstance()}/a/${token}/commitments`, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/json' },
          body: JSON.stringify({ text, owner, occurrence: occurrence.id, ...(shared && { as: s.organizer }) }),
        }).catch(() => undefined);
        status = response?.status ?? 0;
        refusal = status === 201 ? '' : ` (${(await response?.text())?.slice(0, 200)})`;
      }
      const how = shared ? 'through the shared link' : 'through the recap';
      commitments.push({ series: s, text, at, status, note: `${how}${refusal}` });
    },
  };
}
