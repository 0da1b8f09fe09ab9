import { describe, expect, test } from 'vitest';
import {
  BUILT_IN_TEMPLATES,
  builtInTemplate,
  checkCustomTemplate,
  DEFAULT_TEMPLATE,
  isTemplateKey,
  MAX_PROMPT_LENGTH,
  MAX_QUESTION_LENGTH,
  questionsFromLines,
  templateOf,
} from '../../src/core/templates.ts';

const prompts = { topics: 'bring one win.', deepDive: 'One hard problem.', nextSteps: 'Who, what, when.' };

describe('built-in templates', () => {
  test('the weekly 1:1 opens with the question the page has always asked, and is the default', () => {
    expect(DEFAULT_TEMPLATE.key).toBe('weekly');
    expect(builtInTemplate('weekly').name).toBe('Weekly 1:1');
    expect(builtInTemplate('weekly').checkIn[0]).toBe('How are you doing? Anything on your mind before we start?');
    expect(builtInTemplate('weekly').prompts.deepDive).toBe(
      'Pick one thing worth real time: growth, a hard problem, feedback either way.',
    );
  });

  test('a career conversation asks what energises them, where they want to be and which skills to grow', () => {
    const career = builtInTemplate('career');
    expect(career.name).toBe('Career conversation');
    expect(career.checkIn.join(' ')).toMatch(/energised/);
    expect(career.checkIn.join(' ')).toMatch(/a year or two/);
    expect(career.checkIn.join(' ')).toMatch(/skills/);
    expect(career.prompts.deepDive).toMatch(/one development area/);
  });

  test('a skip-level asks about the team, what leadership should know and what gets in the way', () => {
    const skip = builtInTemplate('skip-level');
    expect(skip.name).toBe('Skip-level');
    expect(skip.checkIn.join(' ')).toMatch(/team/);
    expect(skip.checkIn.join(' ')).toMatch(/should leadership know/);
    expect(skip.checkIn.join(' ')).toMatch(/gets in the way/);
  });

  test('every built-in passes the limits a custom template must keep, and describes itself', () => {
    expect(BUILT_IN_TEMPLATES.map((t) => t.key)).toEqual(['weekly', 'career', 'skip-level']);
    for (const template of BUILT_IN_TEMPLATES) {
      expect(checkCustomTemplate(template)).toEqual({
        ok: true,
        value: { checkIn: template.checkIn, prompts: template.prompts },
      });
      expect(template.description.length).toBeGreaterThan(0);
    }
  });

  test('names only the four template keys', () => {
    expect(['weekly', 'career', 'skip-level', 'custom'].every(isTemplateKey)).toBe(true);
    expect(isTemplateKey('daily')).toBe(false);
    expect(isTemplateKey('')).toBe(false);
  });
});

describe('templateOf', () => {
  test('gives a series its own questions and prompts when it uses a custom template', () => {
    const custom = templateOf('custom', { checkIn: ['What made you smile?'], prompts });
    expect(custom).toMatchObject({ key: 'custom', name: 'Custom', checkIn: ['What made you smile?'], prompts });
  });

  test('falls back to the weekly template when custom has nothing usable stored', () => {
    expect(templateOf('custom', undefined)).toBe(DEFAULT_TEMPLATE);
  });

  test('ignores stored custom questions for a built-in', () => {
    expect(templateOf('career', { checkIn: ['Mine'], prompts })).toBe(builtInTemplate('career'));
  });
});

describe('checkCustomTemplate', () => {
  test('trims questions and prompts, and allows an empty prompt (no guide shown)', () => {
    expect(
      checkCustomTemplate({ checkIn: ['  How was the week? '], prompts: { ...prompts, nextSteps: '   ' } }),
    ).toEqual({ ok: true, value: { checkIn: ['How was the week?'], prompts: { ...prompts, nextSteps: '' } } });
  });

  test('needs one to five questions', () => {
    expect(checkCustomTemplate({ checkIn: [], prompts })).toMatchObject({ ok: false, field: 'checkIn' });
    const six = ['1?', '2?', '3?', '4?', '5?', '6?'];
    expect(checkCustomTemplate({ checkIn: six, prompts })).toEqual({
      ok: false,
      field: 'checkIn',
      message: 'Keep to at most 5 check-in questions (this has 6).',
    });
    expect(checkCustomTemplate({ checkIn: six.slice(0, 5), prompts }).ok).toBe(true);
  });

  test('names the empty or too long question by its place', () => {
    expect(checkCustomTemplate({ checkIn: ['Fine?', ' '], prompts })).toEqual({
      ok: false,
      field: 'checkIn.1',
      message: 'Check-in question 2 is empty: write it, or leave it out.',
    });
    const long = 'x'.repeat(MAX_QUESTION_LENGTH + 1);
    expect(checkCustomTemplate({ checkIn: [long], prompts })).toEqual({
      ok: false,
      field: 'checkIn.0',
      message: 'Keep check-in question 1 under 300 characters (it has 301).',
    });
    expect(checkCustomTemplate({ checkIn: ['x'.repeat(MAX_QUESTION_LENGTH)], prompts }).ok).toBe(true);
  });

  test('keeps prompts to 500 characters, naming the prompt', () => {
    const long = 'y'.repeat(MAX_PROMPT_LENGTH + 1);
    expect(checkCustomTemplate({ checkIn: ['Fine?'], prompts: { ...prompts, deepDive: long } })).toEqual({
      ok: false,
      field: 'prompts.deepDive',
      message: 'Keep the deep dive prompt under 500 characters (it has 501).',
    });
  });

  test('refuses a NUL character, naming the field it is in', () => {
    expect(checkCustomTemplate({ checkIn: ['Fine?', 'a\u0000b'], prompts })).toMatchObject({
      ok: false,
      field: 'checkIn.1',
      message: expect.stringMatching(/^Check-in question 2 contains a NUL character/),
    });
    expect(checkCustomTemplate({ checkIn: ['Fine?'], prompts: { ...prompts, topics: '\u0000' } })).toMatchObject({
      ok: false,
      field: 'prompts.topics',
      message: expect.stringMatching(/^The talking points prompt contains a NUL character/),
    });
  });
});

describe('questionsFromLines', () => {
  test('reads one question per line, whatever the line ending, skipping blank lines', () => {
    expect(questionsFromLines('How are you?\r\n\n  What is next? \rAnything else?\n')).toEqual([
      'How are you?',
      'What is next?',
      'Anything else?',
    ]);
    expect(questionsFromLines('  \n ')).toEqual([]);
  });
});
