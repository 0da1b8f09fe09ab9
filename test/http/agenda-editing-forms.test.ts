import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Harness, postForm, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';

interface Item {
  id: string;
  text: string;
  author?: string | null;
  due?: string | null;
  owner?: string;
}
interface AgendaJson {
  topics: Item[];
  nextSteps: Item[];
  review: { open: Item[] };
}

let h: Harness;
let pair: SeededSeries;
let meeting: string;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  pair = await seedSeries(h);
  meeting = pair.occurrences[2]!.id;
});
afterAll(() => h.close());

const agenda = async (token: string) => (await api(h, 'GET', `/a/${token}`)).body as AgendaJson;
const html = async (path: string, cookie?: string) => {
  const response = await h.app.request(path, { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
  return { status: response.status, text: await response.text() };
};
const addTopic = async (text: string) => {
  await postForm(h, `/a/${pair.links.attendee}/topics`, { text, occurrence: meeting });
  return (await agenda(pair.links.attendee)).topics.find((t) => t.text === text)!;
};

describe('editing in the page, without JavaScript', () => {
  it('saves a talking point typed into its Edit form and lands on it with "Saved."', async () => {
    const topic = await addTopic('Carreer plans');
    const response = await postForm(h, `/a/${pair.links.attendee}/topics/${topic.id}`, {
      text: 'Career plans',
      occurrence: meeting,
    });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location.endsWith(`saved=saved&at=topic-${topic.id}#topic-${topic.id}-notice`)).toBe(true);
    const page = (await html(location)).text;
    const item = page.slice(page.indexOf(`<li id="topic-${topic.id}"`));
    expect(item.slice(0, item.indexOf('</li>'))).toContain(`id="topic-${topic.id}-notice" tabindex="-1"`);
    expect((await agenda(pair.links.attendee)).topics.map((t) => t.text)).toContain('Career plans');
  });

  it('gives an emptied talking point back in its own open Edit form, with the reason in words', async () => {
    const topic = await addTopic('Keep this text');
    const response = await postForm(h, `/a/${pair.links.attendee}/topics/${topic.id}`, {
      text: ' ',
      occurrence: meeting,
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    const item = page.slice(page.indexOf(`<li id="topic-${topic.id}"`));
    expect(item).toMatch(/^[\s\S]*?<details class="edit" open="">/);
    expect(item).toContain(
      `<div role="alert" id="topic-edit-${topic.id}-error" class="alert" tabindex="-1" autofocus="">`,
    );
    expect(item).toContain('A talking point cannot be empty: write something, or delete it.');
    expect(page).not.toContain('text:');
  });

  it('moves a talking point to the chosen position in one post', async () => {
    const last = await addTopic('Goes first');
    await postForm(h, `/a/${pair.links.attendee}/topics/${last.id}`, { position: '0', occurrence: meeting });
    expect((await agenda(pair.links.attendee)).topics[0]?.text).toBe('Goes first');
  });

  it("edits a commitment's text, owner and due date from its Edit form", async () => {
    await postForm(h, `/a/${pair.links.organizer}/commitments`, {
      text: 'Draft plan',
      owner: 'maya@example.com',
      occurrence: meeting,
    });
    const made = (await agenda(pair.links.organizer)).nextSteps.find((c) => c.text === 'Draft plan')!;
    const response = await postForm(h, `/a/${pair.links.organizer}/commitments/${made.id}`, {
      text: 'Draft the hiring plan',
      owner: 'sam@example.com',
      due: '2026-12-04',
      occurrence: meeting,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toContain(`#commitment-${made.id}-notice`);
    const after = (await agenda(pair.links.organizer)).nextSteps.find((c) => c.id === made.id);
    expect(after).toMatchObject({ text: 'Draft the hiring plan', owner: 'sam@example.com', due: '2026-12-04' });
  });
});

describe('a past due date from the page', () => {
  it('comes back with a warning, what was typed and "Save anyway", which then saves it', async () => {
    const fields = { text: 'Send the deck', owner: 'sam@example.com', due: '2026-11-20', occurrence: meeting };
    const warned = await postForm(h, `/a/${pair.links.organizer}/commitments`, fields);
    expect(warned.status).toBe(400);
    const page = await warned.text();
    expect(page).toContain('class="alert warn"');
    expect(page).toContain('Fri 20 Nov 2026 has already passed, so this commitment would show as overdue at once.');
    expect(page).toContain('<button type="submit" name="allowPastDue" value="true">Save anyway</button>');
    expect(page).toContain('value="Send the deck"');
    expect(page).toContain('value="2026-11-20"');
    expect((await agenda(pair.links.organizer)).nextSteps.map((c) => c.text)).not.toContain('Send the deck');

    const saved = await postForm(h, `/a/${pair.links.organizer}/commitments`, { ...fields, allowPastDue: 'true' });
    expect(saved.status).toBe(303);
    expect((await agenda(pair.links.organizer)).nextSteps.map((c) => c.text)).toContain('Send the deck');
  });
});

describe('deleting with a confirmation step', () => {
  it('asks first on a page of its own, deletes only when confirmed, and says so where the list is', async () => {
    const topic = await addTopic('Delete me later');
    const confirm = await html(`/a/${pair.links.attendee}/topics/${topic.id}/delete?occurrence=${meeting}&from=topics`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Delete this talking point?');
    expect(confirm.text).toContain('Delete me later');
    expect(confirm.text).toContain('<input type="hidden" name="confirm" value="yes"/>');
    expect(confirm.text).toContain(`href="/a/${pair.links.attendee}?occurrence=${meeting}#topic-${topic.id}"`);

    // A post without the confirmation only shows the question again.
    const unconfirmed = await postForm(h, `/a/${pair.links.attendee}/topics/${topic.id}/delete`, {
      occurrence: meeting,
    });
    expect(unconfirmed.status).toBe(200);
    expect((await agenda(pair.links.attendee)).topics.map((t) => t.id)).toContain(topic.id);

    const deleted = await postForm(h, `/a/${pair.links.attendee}/topics/${topic.id}/delete`, {
      occurrence: meeting,
      from: 'topics',
      confirm: 'yes',
    });
    expect(deleted.status).toBe(303);
    const location = deleted.headers.get('location')!;
    expect(location).toContain('saved=topic-deleted&at=topics#topics-notice');
    expect((await html(location)).text).toContain('Talking point deleted.');
    expect((await agenda(pair.links.attendee)).topics.map((t) => t.id)).not.toContain(topic.id);
  });

  it('offers Drop instead of Delete for a commitment a later meeting reviewed', async () => {
    const made = await api(h, 'POST', `/a/${pair.links.organizer}/commitments`, {
      text: 'Old promise',
      owner: 'sam@example.com',
      occurrence: pair.occurrences[0]!.id,
    });
    const id = (made.body as { id: string }).id;
    const confirm = await html(`/a/${pair.links.organizer}/commitments/${id}/delete?from=progress`);
    expect(confirm.status).toBe(409);
    expect(confirm.text).toContain('This commitment stays in the record');
    expect(confirm.text).toContain('<input type="hidden" name="status" value="dropped"/>');
    expect(confirm.text).not.toContain('name="confirm"');
    const forced = await postForm(h, `/a/${pair.links.organizer}/commitments/${id}/delete`, { confirm: 'yes' });
    expect(forced.status).toBe(409);
    expect((await agenda(pair.links.organizer)).review.open.map((c) => c.id)).toContain(id);
    // The agenda page offers no Delete button for it either.
    expect((await html(`/a/${pair.links.organizer}`)).text).not.toContain(`/commitments/${id}/delete`);
  });

  it('says a talking point of another 1:1 is not there', async () => {
    const other = await seedSeries(h, {
      title: 'Lee / Kim',
      organizer: { email: 'lee@example.com', name: 'Lee' },
      attendee: { email: 'kim@example.com', name: 'Kim' },
    });
    const theirs = await api(h, 'POST', `/a/${other.links.organizer}/topics`, { text: 'Private matter' });
    const id = (theirs.body as { id: string }).id;
    const confirm = await html(`/a/${pair.links.organizer}/topics/${id}/delete`);
    expect(confirm.status).toBe(404);
    expect(confirm.text).not.toContain('Private matter');
    const post = await postForm(h, `/a/${pair.links.organizer}/topics/${id}/delete`, { confirm: 'yes' });
    expect(post.status).toBe(404);
    expect((await agenda(other.links.organizer)).topics.map((t) => t.id)).toContain(id);
  });
});

describe('"I am" on the shared link', () => {
  it('is remembered for this link after a post, chosen again on the page, and used when a form leaves it out', async () => {
    const shared = pair.links.shared;
    const first = await postForm(h, `/a/${shared}/topics`, {
      text: 'From Sam',
      as: 'sam@example.com',
      occurrence: meeting,
    });
    expect(first.status).toBe(303);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('carryover_as=attendee');
    expect(cookie).toContain(`Path=/a/${shared}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).not.toContain('sam@example.com');

    const page = (await html(`/a/${shared}`, 'carryover_as=attendee')).text;
    expect(page).toContain('On this device you are Sam');
    expect(page).toMatch(
      /<select id="topic-as" name="as" required="">[\s\S]*?<option value="sam@example.com" selected="">/,
    );

    const second = await h.app.request(`/a/${shared}/topics`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: h.baseUrl,
        cookie: 'carryover_as=attendee',
      },
      body: new URLSearchParams({ text: 'Sam again', occurrence: meeting }).toString(),
    });
    expect(second.status).toBe(303);
    expect((await agenda(pair.links.organizer)).topics.find((t) => t.text === 'Sam again')?.author).toBe(
      'sam@example.com',
    );
  });

  it('is asked for, in words, when nothing is remembered and nobody was chosen', async () => {
    const response = await postForm(h, `/a/${pair.links.shared}/topics`, {
      text: 'Whose?',
      as: '',
      occurrence: meeting,
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('Choose who you are (&quot;I am&quot;) first');
    expect(page).toMatch(/<select id="topic-as" name="as" required="" aria-invalid="true"/);
    expect((await agenda(pair.links.organizer)).topics.map((t) => t.text)).not.toContain('Whose?');
  });
});

describe('decisions in the page', () => {
  it('are a labelled field of the deep-dive form and saved with it', async () => {
    const page = (await html(`/a/${pair.links.organizer}`)).text;
    expect(page).toContain('<label for="decisions">Decisions');
    const saved = await postForm(h, `/a/${pair.links.organizer}/agenda`, {
      deepDive: 'Growth',
      sharedNotes: '',
      decisions: 'Ship on Friday',
      occurrence: meeting,
    });
    expect(saved.headers.get('location')).toContain('#deep-dive-notice');
    expect(((await api(h, 'GET', `/a/${pair.links.organizer}`)).body as { decisions: string }).decisions).toBe(
      'Ship on Friday',
    );
  });
});
