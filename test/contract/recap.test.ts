import { afterEach, describe, expect, it } from 'vitest';
import { linkToken } from '../../src/agenda/links.ts';
import { followRedirects, mailTo, type ServiceHarness, startService } from '../support/service.ts';
import { googleDriver, microsoftDriver, type ProviderDriver, weeklyOneOnOne } from './drivers.ts';

/**
 * The recap after a meeting, on every provider: what was discussed and written down at it, what is still open, and
 * one button to record next steps — never anyone's private note, and people's text escaped.
 */
const drivers: readonly ProviderDriver[] = [googleDriver, microsoftDriver];

const MAYA = 'maya@example.com';
const SAM = 'sam@example.com';
const HOSTILE = `<script>alert("x")</script> & 'quoted' <b>bold</b>`;
const LONG_WORD = 'x'.repeat(300);

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe.each(drivers)('the recap after a meeting: $name', (driver) => {
  it('recaps topics, deep dive, notes, decisions and next steps, escaped, without private notes', async () => {
    const s = await startService({ now: '2026-11-24T09:00:00Z' });
    h = s;
    await followRedirects(`${s.url}/connect/${driver.name}?login_hint=${MAYA}`);
    await driver.createWeekly(s, weeklyOneOnOne(driver));
    await s.settle();
    const series = await s.db.selectFrom('series').selectAll().executeTakeFirstOrThrow();
    const [first] = await s.db.selectFrom('occurrences').selectAll().orderBy('starts_at').execute();
    const link = `${s.url}/a/${await linkToken(s.db, s.keys, series.id, SAM)}`;
    const send = async (method: string, path: string, body: unknown, expected: number) => {
      const response = await fetch(`${link}/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBe(expected);
      return (await response.json()) as { id: string };
    };
    // Before the first meeting: a commitment that is still open when it ends.
    await send('POST', 'commitments', { text: 'Read the onboarding doc', owner: SAM }, 201);
    await send('POST', 'topics', { text: `Raise ${HOSTILE}`, occurrence: first!.id }, 201);
    const done = await send('POST', 'topics', { text: `Team offsite ${LONG_WORD}`, occurrence: first!.id }, 201);
    await send('PATCH', `topics/${done.id}`, { resolved: true }, 200);
    s.clock.set('2026-11-24T10:10:00Z');
    await send(
      'PATCH',
      'agenda',
      { occurrence: first!.id, deepDive: 'Career path', sharedNotes: 'Line one\nLine two' },
      200,
    );
    // Decisions are written on the page (another change); the recap only reads them.
    await s.db
      .updateTable('agendas')
      .set({ decisions: 'Ship in January' })
      .where('occurrence_id', '=', first!.id)
      .execute();
    await send('PUT', 'private-note', { occurrence: first!.id, body: 'PRIVATE-NOTE-TEXT' }, 200);
    await send(
      'POST',
      'commitments',
      { text: 'Book the venue', owner: MAYA, due: '2026-12-04', occurrence: first!.id },
      201,
    );

    s.clock.set('2026-11-24T10:31:00Z');
    await s.settle();
    const [recap] = await mailTo(s, SAM, 'recap');
    expect(recap!.subject).toMatch(/^Recap of your 1:1 with .+ — record next steps$/);
    const html = recap!.html!;
    for (const expected of [
      'Raise &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; &lt;b&gt;bold&lt;/b&gt;',
      LONG_WORD,
      'resolved',
      'Career path',
      'Line one<br/>Line two',
      'Ship in January',
      'Book the venue',
      'due Fri 4 Dec',
      'Read the onboarding doc',
      `href="${link}?occurrence=${first!.id}"`,
      'Record next steps',
    ]) {
      expect(html).toContain(expected);
    }
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>bold');
    expect(html).not.toContain('PRIVATE-NOTE-TEXT');
    expect(html.indexOf('Book the venue')).toBeLessThan(html.indexOf('Read the onboarding doc'));
    if (driver.name === 'google') {
      // Gmail carries a plain-text alternative with the same content.
      const text = recap!.text!;
      for (const expected of [
        `Raise ${HOSTILE}`,
        'Career path',
        'Line one\nLine two',
        'Ship in January',
        '- Book the venue (',
        'Read the onboarding doc',
        `Record next steps: ${link}?occurrence=${first!.id}`,
      ]) {
        expect(text).toContain(expected);
      }
      expect(text).not.toContain('PRIVATE-NOTE-TEXT');
      expect(text).not.toContain('&lt;');
    } else {
      expect(recap!.text).toBeNull(); // Graph's sendMail takes one body: the HTML one
    }
  }, 60_000);
});
