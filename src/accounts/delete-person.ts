import { formatDate, todayIn } from '../core/time.ts';
import { inTransaction } from '../db/database.ts';
import { forgetPerson } from '../db/forgotten-people.ts';
import { PREPARE_SOURCE } from '../db/job-kinds.ts';
import { scheduleJob } from '../db/jobs.ts';
import { deletePersonData, type PersonDataDeletion, personData } from '../db/person-data.ts';
import type { Provider } from '../db/schema.ts';
import type { Providers } from '../lifecycle/deps.ts';
import { addressDigest } from '../security/address-digest.ts';
import { type AccountDeps, type DisconnectOutcome, disconnectAccount } from './connect-account.ts';

/** One account of the person that was still connected, and what disconnecting it did about upcoming invites. */
export interface AccountDisconnect {
  readonly accountId: string;
  readonly provider: Provider;
  readonly outcome: DisconnectOutcome;
}

/** What deleting a person's data did. */
export interface PersonDeletion {
  readonly disconnects: readonly AccountDisconnect[];
  readonly deletion: PersonDataDeletion;
}

/**
 * Deletes everything Carryover holds about the person with this email (see src/db/person-data.ts for what stays
 * for the other person of each 1:1). Each of their accounts still connected is disconnected first, exactly as its
 * Disconnect does — the agenda block off its upcoming invites, channels stopped, the grant revoked — because that
 * needs the tokens the deletion then removes. Then one transaction deletes; the other people's calendar series that
 * stopped with a thread are prepared once more, which takes the thread's block off their upcoming invites.
 * Running it again deletes nothing more.
 */
export async function deletePerson(
  deps: AccountDeps,
  providers: Providers | undefined,
  email: string,
): Promise<PersonDeletion> {
  const { db, clock } = deps;
  const disconnects: AccountDisconnect[] = [];
  for (const account of (await personData(db, email)).accounts) {
    if (account.status === 'disconnected') continue;
    const outcome = await disconnectAccount(deps, providers?.[account.provider], account.id);
    if (outcome) disconnects.push({ accountId: account.id, provider: account.provider, outcome });
  }
  const at = clock();
  const digest = await addressDigest(deps.keys, email);
  const deletion = await inTransaction(db, async (trx) => {
    // Remembered by digest only, so a calendar still inviting them does not start a new record of them.
    await forgetPerson(trx, digest, at);
    const done = await deletePersonData(trx, email, {
      at,
      endedReason: (zone) =>
        `the other person deleted their data from Carryover on ${formatDate(todayIn(at, zone))}; this record keeps the meetings before`,
    });
    for (const sourceId of done.endedSources) {
      await scheduleJob(trx, { kind: PREPARE_SOURCE, key: sourceId, runAt: at });
    }
    return done;
  });
  return { disconnects, deletion };
}
