/**
 * Seeding the scale benchmark as people would: N managers, each organizing two weekly 1:1s in their (sandbox) Google
 * Calendar, then each connecting through the real connect flow — `GET /connect/google?login_hint=…` followed through
 * the sandbox's consent page and the OAuth callback, with cookies, over HTTP, no browser — with bounded concurrency.
 */

/** Runs `work` for 0..count-1, at most `concurrency` at a time. */
export async function inParallel(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

export const managerEmail = (index: number) => `manager${index}@scale.example.com`;
export const reportEmail = (index: number, which: number) => `report${index}-${which}@scale.example.com`;

/**
 * Two weekly 1:1s for each organizer, first meetings `firstMeetingInDays` days after the sandbox's `now` (so a
 * simulated day before them sees no meeting: nothing changes but time). Each manager's two meetings are on
 * different days and hours, spread over the week across managers.
 */
export async function seedSeries(
  sandboxUrl: string,
  now: Date,
  organizers: readonly string[],
  firstMeetingInDays: number,
  concurrency: number,
): Promise<void> {
  const base = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + firstMeetingInDays, 8);
  await inParallel(organizers.length, concurrency, async (index) => {
    const organizer = organizers[index]!;
    for (const which of [0, 1]) {
      const start = new Date(base + ((index + which * 3) % 5) * 86_400_000 + ((index * 2 + which) % 9) * 3_600_000);
      const end = new Date(start.getTime() + 30 * 60_000);
      const response = await fetch(`${sandboxUrl}/sandbox/google/calendar/v3/calendars/primary/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer sandbox:${organizer}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          summary: `1:1 manager ${index} / report ${which}`,
          recurrence: ['RRULE:FREQ=WEEKLY'],
          start: { dateTime: start.toISOString(), timeZone: 'UTC' },
          end: { dateTime: end.toISOString(), timeZone: 'UTC' },
          attendees: [{ email: organizer }, { email: reportEmail(index, which) }],
        }),
      });
      if (!response.ok) throw new Error(`creating a 1:1 for ${organizer}: ${response.status} ${await response.text()}`);
    }
  });
}

/** Follows a browser's way through redirects, keeping its cookies (name → value; one host, so paths are ignored). */
async function browse(start: string): Promise<{ url: string; status: number }> {
  const cookies = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    await response.arrayBuffer();
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { url, status: response.status };
    url = new URL(location, url).href;
  }
  throw new Error(`more than 10 redirects from ${start}`);
}

/** Connects managers `from` to `to - 1` through the connect flow; returns the seconds each connect took. */
export async function connectRange(
  productUrl: string,
  from: number,
  to: number,
  concurrency: number,
): Promise<number[]> {
  const seconds: number[] = [];
  await inParallel(to - from, concurrency, async (offset) => {
    const email = managerEmail(from + offset);
    const started = performance.now();
    const landed = await browse(`${productUrl}/connect/google?login_hint=${encodeURIComponent(email)}`);
    if (!landed.url.endsWith('/account') || landed.status !== 200) {
      throw new Error(`connecting ${email} ended at ${landed.url} (${landed.status})`);
    }
    seconds.push((performance.now() - started) / 1000);
  });
  return seconds;
}
