import type { Migration } from 'kysely/migration';
import * as initial from './0001_initial.ts';
import * as peopleAndThreads from './0002_people_and_threads.ts';
import * as jobAndPromptStates from './0003_job_and_prompt_states.ts';
import * as watchState from './0005_watch_state.ts';
import * as inviteWriteBudget from './0006_invite_write_budget.ts';
import * as accountOrigin from './0007_account_origin.ts';
import * as forgottenPeople from './0008_forgotten_people.ts';
import * as beforeAndAfter from './0009_before_and_after.ts';
import * as beyondOneMeeting from './0010_beyond_one_meeting.ts';
import * as tickIndexes from './0011_tick_indexes.ts';
import * as adaptiveBackstop from './0012_adaptive_backstop.ts';

/**
 * Every migration, in order. A static list (not a folder scan) so the same migrations run on Node and inside a
 * Workers bundle, which has no file system.
 */
export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_people_and_threads': peopleAndThreads,
  '0003_job_and_prompt_states': jobAndPromptStates,
  '0005_watch_state': watchState,
  '0006_invite_write_budget': inviteWriteBudget,
  '0007_account_origin': accountOrigin,
  '0008_forgotten_people': forgottenPeople,
  '0009_before_and_after': beforeAndAfter,
  '0010_beyond_one_meeting': beyondOneMeeting,
  '0011_tick_indexes': tickIndexes,
  '0012_adaptive_backstop': adaptiveBackstop,
};
