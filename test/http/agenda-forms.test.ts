import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Harness, postForm, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';

let h: Harness;
let pair: SeededSeries;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  pair = await seedSeries(h);
});
afterAll(() => h.close());

const page = async (path: string) => {
  const response = await h.app.request(path, { headers: { accept: 'text/html' } });
  return { status: response.status, html: await response.text(), headers: response.headers };
};

describe('HTML forms on the agenda page', () => {
  it('add a talking point and come back to the page where it now shows', async () => {
    const occurrence = pair.occurrences[2]!.id;
    const response = await postForm(h, `/a/${pair.links.attendee}/topics`, { text: 'Raise for the team', occurrence });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/a/${pair.links.attendee}?occurrence=${occurrence}&saved=topic-added&at=topics#topics-notice`,
    );
    const { html } = await page(response.headers.get('location')!);
    expect(html).toContain('Raise for the team');
    expect(html).toContain('id="topics-notice" tabindex="-1" class="status">Talking point added.</p>');
  });

  it('record a commitment and close it, as the JSON API does', async () => {
    const occurrence = pair.occurrences[2]!.id;
    const made = await postForm(h, `/a/${pair.links.organizer}/commitments`, {
      text: 'Share the hiring plan',
      owner: 'maya@example.com',
      due: '',
      occurrence,
    });
    expect(made.status).toBe(303);
    const view = (await api(h, 'GET', `/a/${pair.links.organizer}`)).body as {
      nextSteps: { id: string; text: string; due: string | null }[];
    };
    const commitment = view.nextSteps.find((c) => c.text === 'Share the hiring plan');
    expect(commitment?.due).toBeNull();
    const closed = await postForm(h, `/a/${pair.links.organizer}/commitments/${commitment!.id}`, {
      status: 'done',
      occurrence,
    });
    expect(closed.status).toBe(303);
    const after = (await api(h, 'GET', `/a/${pair.links.organizer}`)).body as {
      nextSteps: { text: string; status: string }[];
    };
    expect(after.nextSteps.find((c) => c.text === 'Share the hiring plan')?.status).toBe('done');
  });

  it('show the page again with the error and everything typed when input is refused', async () => {
    const response = await postForm(h, `/a/${pair.links.organizer}/commitments`, {
      text: 'Write the <b>launch</b> email',
      owner: 'maya@example.com',
      due: '2026-13-01',
      occurrence: pair.occurrences[2]!.id,
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('&quot;2026-13-01&quot; is not a date.');
    expect(html).toContain('value="Write the &lt;b&gt;launch&lt;/b&gt; email"');
    expect(html).toContain('aria-invalid="true"');
    const view = (await api(h, 'GET', `/a/${pair.links.organizer}`)).body as { nextSteps: { text: string }[] };
    expect(view.nextSteps.map((c) => c.text)).not.toContain('Write the <b>launch</b> email');
  });

  it('refuse a talking point with a NUL character, saying so on the page, and store nothing', async () => {
    const before = (await api(h, 'GET', `/a/${pair.links.attendee}`)).body;
    const response = await postForm(h, `/a/${pair.links.attendee}/topics`, {
      text: 'Team\u0000 offsite',
      occurrence: pair.occurrences[2]!.id,
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('The text contains a NUL character (U+0000), which can&#39;t be stored; remove it.');
    expect(html).toContain('aria-invalid="true"');
    expect((await api(h, 'GET', `/a/${pair.links.attendee}`)).body).toEqual(before);
  });

  it('clear the shared notes when the field is emptied', async () => {
    const occurrence = pair.occurrences[2]!.id;
    await postForm(h, `/a/${pair.links.attendee}/agenda`, {
      deepDive: 'Growth plan',
      sharedNotes: 'Draft',
      occurrence,
    });
    await postForm(h, `/a/${pair.links.attendee}/agenda`, { deepDive: 'Growth plan', sharedNotes: '', occurrence });
    const view = (await api(h, 'GET', `/a/${pair.links.attendee}`)).body as { deepDive: string; sharedNotes: string };
    expect(view).toMatchObject({ deepDive: 'Growth plan', sharedNotes: '' });
  });

  it('refuse a form posted from another site, or with no origin at all', async () => {
    for (const headers of [{ origin: 'https://evil.example' }, {}]) {
      const response = await h.app.request(`/a/${pair.links.organizer}/commitments`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ text: 'Forged', owner: 'maya@example.com' }).toString(),
      });
      expect(response.status).toBe(403);
    }
    const view = (await api(h, 'GET', `/a/${pair.links.organizer}`)).body as { review: { open: { text: string }[] } };
    expect(view.review.open.map((c) => c.text)).not.toContain('Forged');
  });
});

describe('pages', () => {
  it('are sent with headers that keep the link token private', async () => {
    const { status, headers, html } = await page(`/a/${pair.links.organizer}`);
    expect(status).toBe(200);
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('x-robots-tag')).toContain('noindex');
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    // The page's own inline style carries the nonce the policy allows.
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toContain(`<style nonce="${nonce}">`);
  });

  it('say nothing about a series behind a wrong link', async () => {
    const { status, html } = await page(`/a/${'A'.repeat(43)}`);
    expect(status).toBe(404);
    expect(html).not.toContain('Maya');
    expect(html).toContain('doesn');
  });
});

describe('POST /demo', () => {
  it("creates a lived-in demo 1:1 in sandbox mode and opens the manager's agenda", async () => {
    const response = await postForm(h, '/demo', {});
    expect(response.status).toBe(303);
    const view = (await api(h, 'GET', response.headers.get('location')!)).body as {
      viewer: { role: string };
      history: unknown[];
      review: { open: unknown[] };
      goals: { active: { title: string; progress: { done: number; total: number } }[] };
      feedback: { trend: { points: { own: number | null; other: number | null }[] } };
    };
    expect(view.viewer.role).toBe('organizer');
    expect(view.history.length).toBeGreaterThan(0);
    expect(view.review.open.length).toBeGreaterThan(0);
    // A goal under way and Sam's shared rating: the newer parts of a 1:1 are lived-in too.
    expect(view.goals.active).toEqual([
      expect.objectContaining({ title: 'Give a talk at a conference', progress: { done: 1, total: 3 } }),
    ]);
    expect(view.feedback.trend.points.map((p) => p.other)).toEqual([4]);
  });

  it('does not exist outside sandbox mode', async () => {
    const real = await startHarness({ sandbox: false });
    try {
      expect((await postForm(real, '/demo', {})).status).toBe(404);
    } finally {
      await real.close();
    }
  });
});
