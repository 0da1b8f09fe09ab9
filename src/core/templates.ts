import { textProblem } from './storable-text.ts';

/**
 * Meeting templates: what a 1:1's check-in asks and what its sections suggest. Every template keeps the practice's
 * order (check-in → progress on last time's commitments → one bounded deep dive → next steps); only the words change.
 */

/** The templates Carryover ships. */
export type BuiltInTemplateKey = 'weekly' | 'career' | 'skip-level';
/** A series' template: a built-in one, or the pair's own questions and prompts. */
export type TemplateKey = BuiltInTemplateKey | 'custom';

/** Every template key, in the order the settings form offers them. */
export const TEMPLATE_KEYS = ['weekly', 'career', 'skip-level', 'custom'] as const satisfies readonly TemplateKey[];

/** Limits on a custom template, so the page and the reminder stay short. */
export const MAX_QUESTIONS = 5;
export const MAX_QUESTION_LENGTH = 300;
export const MAX_PROMPT_LENGTH = 500;

/** The guide text of the three sections after the check-in; an empty prompt shows no guide. */
export interface TemplatePrompts {
  /**
   * What the report is asked to bring, read as the end of a sentence: the page says "This is your time: {topics}"
   * to them and "{their name}: {topics} It's your time." to anyone else (the 1:1 is the report's meeting).
   */
  readonly topics: string;
  readonly deepDive: string;
  readonly nextSteps: string;
}

export interface MeetingTemplate {
  readonly key: TemplateKey;
  readonly name: string;
  readonly description: string;
  /** One to five questions, the first asked first. */
  readonly checkIn: readonly string[];
  readonly prompts: TemplatePrompts;
}

/** One of the templates Carryover ships. */
export interface BuiltInTemplate extends MeetingTemplate {
  readonly key: BuiltInTemplateKey;
}

/** What a custom template stores: its own questions and prompts (`series.template_custom`). */
export interface CustomTemplate {
  readonly checkIn: readonly string[];
  readonly prompts: TemplatePrompts;
}

const WEEKLY: BuiltInTemplate = {
  key: 'weekly',
  name: 'Weekly 1:1',
  description: "The everyday 1:1: how they are, last time's commitments, their talking points, one deep dive.",
  checkIn: ['How are you doing? Anything on your mind before we start?'],
  prompts: {
    topics: 'add what you want to talk about before the meeting.',
    deepDive: 'Pick one thing worth real time: growth, a hard problem, feedback either way.',
    nextSteps: '',
  },
};

const CAREER: BuiltInTemplate = {
  key: 'career',
  name: 'Career conversation',
  description: 'A look further ahead: what energises them, where they want to be, which skills to grow.',
  checkIn: [
    'What has energised you lately, and what has drained you?',
    'Where would you like to be in a year or two?',
    'Which skills do you want to grow next?',
  ],
  prompts: {
    topics: 'add what you want to explore about your work and your growth before the meeting.',
    deepDive: 'Pick one development area and go deep: where it stands today, what good looks like, what would help.',
    nextSteps: 'Agree one concrete step towards that development area: who does what, by when.',
  },
};

const SKIP_LEVEL: BuiltInTemplate = {
  key: 'skip-level',
  name: 'Skip-level',
  description: "A manager's manager and a team member: how the team is doing and what gets in its way.",
  checkIn: [
    'How is the team doing, from where you sit?',
    'What should leadership know that it might not hear from anyone else?',
    'What gets in the way of your work?',
  ],
  prompts: {
    topics: 'add what you want leadership to hear before the meeting.',
    deepDive: "Pick one thing that gets in the team's way and understand it: what happens, how often, what was tried.",
    nextSteps: 'Agree what will be looked into or changed, by whom, and when you will hear back.',
  },
};

/** The built-in templates, in the order the settings form offers them. */
export const BUILT_IN_TEMPLATES: readonly BuiltInTemplate[] = [WEEKLY, CAREER, SKIP_LEVEL];

/** The template every series starts with, and the one a bad stored custom template falls back to. */
export const DEFAULT_TEMPLATE = WEEKLY;

/** Whether a string names a template. */
export function isTemplateKey(value: string): value is TemplateKey {
  return (TEMPLATE_KEYS as readonly string[]).includes(value);
}

/** A built-in template by key. */
export function builtInTemplate(key: BuiltInTemplateKey): BuiltInTemplate {
  return BUILT_IN_TEMPLATES.find((template) => template.key === key) ?? WEEKLY;
}

/** The template a series uses: a built-in by key, or its own (weekly when custom has nothing usable stored). */
export function templateOf(key: TemplateKey, custom: CustomTemplate | undefined): MeetingTemplate {
  if (key !== 'custom') return builtInTemplate(key);
  if (!custom) return DEFAULT_TEMPLATE;
  return { key: 'custom', name: 'Custom', description: 'Your own check-in questions and prompts.', ...custom };
}

/** A check's result: the cleaned value, or the field that is wrong (its JSON path) and why, in words. */
export type TemplateCheck<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly field: string; readonly message: string };

const PROMPT_NAMES: Record<keyof TemplatePrompts, string> = {
  topics: 'The talking points prompt',
  deepDive: 'The deep dive prompt',
  nextSteps: 'The next steps prompt',
};

/**
 * A custom template as it may be stored: one to five questions of 1–300 characters, prompts of at most 500 (empty:
 * no guide), all trimmed, and no text Postgres refuses (a NUL character).
 */
export function checkCustomTemplate(input: CustomTemplate): TemplateCheck<CustomTemplate> {
  const checkIn = input.checkIn.map((question) => question.trim());
  if (checkIn.length === 0) return wrong('checkIn', 'A template needs at least one check-in question.');
  if (checkIn.length > MAX_QUESTIONS) {
    return wrong('checkIn', `Keep to at most ${MAX_QUESTIONS} check-in questions (this has ${checkIn.length}).`);
  }
  for (const [index, question] of checkIn.entries()) {
    const field = `checkIn.${index}`;
    const name = `Check-in question ${index + 1}`;
    const problem = textProblem(question);
    if (problem) return wrong(field, `${name} ${problem.message}.`);
    if (question.length === 0) return wrong(field, `${name} is empty: write it, or leave it out.`);
    if (question.length > MAX_QUESTION_LENGTH) {
      return wrong(field, `Keep ${lower(name)} under ${MAX_QUESTION_LENGTH} characters (it has ${question.length}).`);
    }
  }
  const prompts = { topics: '', deepDive: '', nextSteps: '' };
  for (const key of Object.keys(PROMPT_NAMES) as (keyof TemplatePrompts)[]) {
    const prompt = input.prompts[key].trim();
    const field = `prompts.${key}`;
    const problem = textProblem(prompt);
    if (problem) return wrong(field, `${PROMPT_NAMES[key]} ${problem.message}.`);
    if (prompt.length > MAX_PROMPT_LENGTH) {
      return wrong(
        field,
        `Keep ${lower(PROMPT_NAMES[key])} under ${MAX_PROMPT_LENGTH} characters (it has ${prompt.length}).`,
      );
    }
    prompts[key] = prompt;
  }
  return { ok: true, value: { checkIn, prompts } };
}

/** Questions typed into one text box, one per line; blank lines are not questions. */
export function questionsFromLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

function wrong(field: string, message: string): TemplateCheck<never> {
  return { ok: false, field, message };
}

function lower(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
