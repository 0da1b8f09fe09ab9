import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSeries } from '../../src/agenda/demo.ts';
import { findSeries } from '../../src/db/series.ts';
import { api, type Harness, postForm, seedSeries, startHarness } from '../support/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('turning a 1:1’s reminders off and on', () => {
  it('takes the form on a person’s own link and goes back to the page', async () => {
    h = await startHarness();
    const { series, links, occurrences } = await seedSeries(h);
    const off = await postForm(h, `/a/${links.attendee}/reminders`, {
      reminders: 'false',
      occurrence: occurrences[2]!.id,
    });
    expect(off.status).toBe(303);
    expect(off.headers.get('location')).toBe(`/a/${links.attendee}?occurrence=${occurrences[2]!.id}&saved=1#reminders`);
    expect((await findSeries(h.db, series.id))!.reminders).toBe(false);
    const view = await api(h, 'GET', `/a/${links.organizer}`);
    expect((view.body as { series: { reminders: boolean } }).series.reminders).toBe(false);
    expect(await api(h, 'PATCH', `/a/${links.organizer}/reminders`, { reminders: true })).toMatchObject({
      status: 200,
      body: { reminders: true },
    });
    expect((await findSeries(h.db, series.id))!.reminders).toBe(true);
  });

  it('refuses the shared link, a demo and anything but true or false, changing nothing', async () => {
    h = await startHarness();
    const { series, links } = await seedSeries(h);
    expect(await api(h, 'PATCH', `/a/${links.shared}/reminders`, { reminders: false })).toMatchObject({
      status: 403,
      body: { error: 'forbidden' },
    });
    expect(await api(h, 'PATCH', `/a/${links.attendee}/reminders`, { reminders: 'no' })).toMatchObject({
      status: 400,
      body: { error: 'invalid', field: 'reminders' },
    });
    expect((await postForm(h, `/a/${links.attendee}/reminders`, { reminders: 'maybe' })).status).toBe(400);
    expect((await findSeries(h.db, series.id))!.reminders).toBe(true);
    const demo = await createDemoSeries(h.db, h.keys, h.clock());
    expect((await api(h, 'PATCH', `/a/${demo.organizer}/reminders`, { reminders: false })).status).toBe(403);
    expect(await api(h, 'PATCH', '/a/not-a-token/reminders', { reminders: false })).toMatchObject({ status: 404 });
  });
});
