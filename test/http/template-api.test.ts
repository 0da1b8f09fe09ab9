import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeries } from '../../src/db/series.ts';
import { api, type Harness, postForm, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';
import { section, text } from './views/render.ts';

interface TemplateJson {
  key: string;
  name: string;
  checkIn: string[];
  prompts: { topics: string; deepDive: string; nextSteps: string };
  builtIns: { key: string; name: string; description: string }[];
}

let h: Harness;
let pair: SeededSeries;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  pair = await seedSeries(h);
});
afterAll(() => h.close());

const templateOf = async (token: string) =>
  ((await api(h, 'GET', `/a/${token}`)).body as { template: TemplateJson }).template;
const page = async (path: string) => {
  const response = await h.app.request(path, { headers: { accept: 'text/html' } });
  return { status: response.status, html: await response.text() };
};
const stored = async () => {
  const series = (await findSeries(h.db, pair.series.id))!;
  return { template: series.template, custom: series.template_custom };
};
const setTemplate = (body: unknown, token = pair.links.attendee) => api(h, 'PATCH', `/a/${token}/template`, body);

describe('the meeting template, through the API', () => {
  it('starts weekly, with the check-in the page has always had, and lists the built-ins to choose from', async () => {
    const template = await templateOf(pair.links.shared);
    expect(template).toMatchObject({
      key: 'weekly',
      name: 'Weekly 1:1',
      checkIn: ['How are you doing? Anything on your mind before we start?'],
    });
    expect(template.builtIns.map((t) => [t.key, t.name])).toEqual([
      ['weekly', 'Weekly 1:1'],
      ['career', 'Career conversation'],
      ['skip-level', 'Skip-level'],
    ]);
  });

  it('switches to a career conversation for both people, and both pages ask its questions', async () => {
    const changed = await setTemplate({ template: 'career' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ template: 'career', name: 'Career conversation' });
    expect((await templateOf(pair.links.organizer)).key).toBe('career');
    for (const token of [pair.links.organizer, pair.links.shared]) {
      const { html } = await page(`/a/${token}`);
      const checkIn = text(section(html, 'check-in'));
      expect(checkIn).toContain('Where would you like to be in a year or two?');
      expect(checkIn).not.toContain('How are you doing?');
      expect(text(section(html, 'deep-dive'))).toContain('Pick one development area');
      expect(text(section(html, 'next-steps'))).toContain('Agree one concrete step');
      expect(text(section(html, 'template'))).toContain('This 1:1 uses the Career conversation template');
    }
    expect(await stored()).toEqual({ template: 'career', custom: null });
  });

  it('takes the form, with "Template saved." in the template section', async () => {
    const meeting = pair.occurrences[2]!.id;
    const response = await postForm(h, `/a/${pair.links.organizer}/template`, {
      template: 'skip-level',
      occurrence: meeting,
      // The custom fields always come with the form; with a built-in chosen they are not used.
      checkIn: 'Not used',
      'prompts.topics': 'Not used either',
    });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toBe(
      `/a/${pair.links.organizer}?occurrence=${meeting}&saved=template-saved&at=template#template-notice`,
    );
    const { html } = await page(location);
    const settings = section(html, 'template');
    expect(settings).toContain('id="template-notice"');
    expect(text(settings)).toContain('Template saved.');
    expect(settings).toMatch(/<input type="radio" id="template-skip-level" name="template" value="skip-level" checked/);
    expect(text(section(html, 'check-in'))).toContain('What gets in the way of your work?');
    expect(await stored()).toEqual({ template: 'skip-level', custom: null });
  });

  it('keeps a custom template round trip: questions and prompts in, the same out, on the page', async () => {
    const custom = {
      template: 'custom',
      checkIn: ['  What made you smile this week? ', 'What is one thing I could do better?'],
      prompts: { topics: 'bring one win and one worry.', deepDive: 'One hard problem.', nextSteps: '' },
    };
    const changed = await setTemplate(custom);
    expect(changed).toMatchObject({
      status: 200,
      body: {
        template: 'custom',
        checkIn: ['What made you smile this week?', 'What is one thing I could do better?'],
        prompts: custom.prompts,
      },
    });
    expect(await templateOf(pair.links.organizer)).toMatchObject({
      key: 'custom',
      name: 'Custom',
      checkIn: ['What made you smile this week?', 'What is one thing I could do better?'],
      prompts: custom.prompts,
    });
    const { html } = await page(`/a/${pair.links.attendee}`);
    expect(section(html, 'check-in')).toContain('<li>What is one thing I could do better?</li>');
    expect(text(section(html, 'topics'))).toContain('This is your time: bring one win and one worry.');
    expect(text(section(html, 'deep-dive'))).toContain('One hard problem.');
    // An empty prompt shows no guide at all.
    expect(section(html, 'next-steps')).not.toContain('<p class="muted">Agree');
    // Only a prompt sent is changed; the questions stay.
    await setTemplate({ template: 'custom', prompts: { deepDive: 'Another problem.' } });
    expect(await templateOf(pair.links.attendee)).toMatchObject({
      checkIn: ['What made you smile this week?', 'What is one thing I could do better?'],
      prompts: { ...custom.prompts, deepDive: 'Another problem.' },
    });
    // Back to a built-in: the custom questions are not kept.
    await setTemplate({ template: 'weekly' });
    expect(await stored()).toEqual({ template: 'weekly', custom: null });
  });

  it('starts a custom template as a copy of the one in use when nothing else is given', async () => {
    await setTemplate({ template: 'career' });
    const changed = await setTemplate({ template: 'custom' });
    expect(changed.body).toMatchObject({ template: 'custom', checkIn: (await templateOf(pair.links.shared)).checkIn });
    expect((await templateOf(pair.links.shared)).checkIn[1]).toBe('Where would you like to be in a year or two?');
  });

  it('takes custom questions from the form, one per line, blank lines skipped', async () => {
    const response = await postForm(h, `/a/${pair.links.attendee}/template`, {
      template: 'custom',
      checkIn: 'How is the new project?\r\n\r\n  Anything blocking you?  \r\n',
      'prompts.topics': 'add what matters most this week.',
      'prompts.deepDive': '',
      'prompts.nextSteps': 'Who does what by when.',
    });
    expect(response.status).toBe(303);
    expect(await templateOf(pair.links.attendee)).toMatchObject({
      key: 'custom',
      checkIn: ['How is the new project?', 'Anything blocking you?'],
      prompts: { topics: 'add what matters most this week.', deepDive: '', nextSteps: 'Who does what by when.' },
    });
  });
});

describe('what the template refuses', () => {
  const custom = (checkIn: unknown, prompts: unknown = undefined) => ({
    template: 'custom',
    checkIn,
    ...(prompts === undefined ? {} : { prompts }),
  });

  it.each([
    [{ template: 'daily' }, 'template'],
    [{}, 'template'],
    [custom([]), 'checkIn'],
    [custom(['1?', '2?', '3?', '4?', '5?', '6?']), 'checkIn'],
    [custom(['Fine?', '']), 'checkIn.1'],
    [custom(['x'.repeat(301)]), 'checkIn.0'],
    [custom(['Fine?', 'a\u0000b']), 'checkIn.1'],
    [custom(['Fine?'], { deepDive: 'y'.repeat(501) }), 'prompts.deepDive'],
    [custom(['Fine?'], { topics: '\u0000' }), 'prompts.topics'],
    [custom('How are you?'), 'checkIn'],
    [custom(['Fine?'], { topics: 3 }), 'prompts.topics'],
    [{ template: 'career', checkIn: ['Mine?'] }, 'checkIn'],
    [{ template: 'weekly', prompts: { topics: 'x' } }, 'prompts'],
  ])('answers 400 naming the field for %j, storing nothing', async (body, field) => {
    const before = await stored();
    const refused = await setTemplate(body);
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid', field } });
    expect((refused.body as { message: string }).message.length).toBeGreaterThan(10);
    expect(await stored()).toEqual(before);
  });

  it('gives a refused form a page that says why, in words, with the way back', async () => {
    const before = await stored();
    const response = await postForm(h, `/a/${pair.links.attendee}/template`, {
      template: 'custom',
      checkIn: ['1?', '2?', '3?', '4?', '5?', '6?'].join('\n'),
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(text(html)).toContain('Keep to at most 5 check-in questions (this has 6).');
    expect(html).toContain(`href="/a/${pair.links.attendee}"`);
    const nul = await postForm(h, `/a/${pair.links.attendee}/template`, { template: 'custom', checkIn: 'a\u0000b' });
    expect(nul.status).toBe(400);
    expect(text(await nul.text())).toContain('NUL character');
    expect(await stored()).toEqual(before);
  });

  it('refuses the shared link (403) and a junk token (404), JSON and form, changing nothing', async () => {
    const before = await stored();
    expect(await setTemplate({ template: 'career' }, pair.links.shared)).toMatchObject({
      status: 403,
      body: { error: 'forbidden' },
    });
    const form = await postForm(h, `/a/${pair.links.shared}/template`, { template: 'career' });
    expect(form.status).toBe(403);
    expect(text(await form.text())).toContain('each on their own link');
    expect(await setTemplate({ template: 'career' }, 'not-a-token')).toMatchObject({
      status: 404,
      body: { error: 'not_found' },
    });
    expect((await postForm(h, '/a/not-a-token/template', { template: 'career' })).status).toBe(404);
    expect(await stored()).toEqual(before);
    // The shared link says which template is used, and offers no form.
    const { html } = await page(`/a/${pair.links.shared}`);
    expect(text(section(html, 'template'))).toContain('Either of you can change it on your own link.');
    expect(section(html, 'template')).not.toContain('<form');
  });
});

describe('a stored custom template that cannot be used', () => {
  it.each([
    ['no questions', { checkIn: [], prompts: { topics: '', deepDive: '', nextSteps: '' } }],
    ['a question too long', { checkIn: ['x'.repeat(400)], prompts: { topics: '', deepDive: '', nextSteps: '' } }],
    ['the wrong shape', { questions: ['What?'] }],
    ['not an object', 'weekly please'],
  ])('falls back to the weekly template (%s), and the page still works', async (_, value) => {
    await h.db
      .updateTable('series')
      .set({ template: 'custom', template_custom: JSON.stringify(value) })
      .where('id', '=', pair.series.id)
      .execute();
    expect(await templateOf(pair.links.organizer)).toMatchObject({ key: 'weekly', name: 'Weekly 1:1' });
    const { status, html } = await page(`/a/${pair.links.organizer}`);
    expect(status).toBe(200);
    expect(text(section(html, 'check-in'))).toBe('Check-in How are you doing? Anything on your mind before we start?');
  });
});
