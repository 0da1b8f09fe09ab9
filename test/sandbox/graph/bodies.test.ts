/**
 * Event bodies as Exchange stores them (src/sandbox/graph/calendar/exchange-html.ts): microsoft-graph-docs#8215 (a
 * `text` body is read back as "auto-generated html"), the "Get event" / "Create event" reference examples
 * (`<html>\r\n<head>\r\n<meta http-equiv="Content-Type" …>\r\n</head>\r\n<body>\r\n…\r\n</body>\r\n</html>\r\n`),
 * office-js#828 and #2910 (Outlook's stored HTML is rewritten and its source re-wrapped). What a writer sent stays
 * visible, in order; the raw string does not.
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeBody, FOLD_WIDTH } from '../../../src/sandbox/graph/calendar/exchange-html.ts';
import { graphClient, type RunningSandbox, startSandbox } from './support.ts';

type Versioned = Event & { '@odata.etag': string };

const maya = 'maya@example.com';
const meeting = {
  subject: '1:1',
  start: { dateTime: '2024-10-15T10:00:00', timeZone: 'UTC' },
  end: { dateTime: '2024-10-15T10:30:00', timeZone: 'UTC' },
};
const HEAD = '<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

/** The text a person sees: tags dropped, whitespace runs as one space. */
const visible = (html: string) =>
  html
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

async function create(content: string, contentType = 'html'): Promise<Versioned> {
  return graphClient(run.base, maya)
    .api('/me/events')
    .post({ ...meeting, body: { contentType, content } });
}

describe('an event body as Exchange stores it', () => {
  it('makes a fragment a whole document with Exchange\'s head and CRLF layout ("Get event" example)', async () => {
    const created = await create('<p>Does noon work for you?</p>');
    expect(created.body).toEqual({
      contentType: 'html',
      content: `${HEAD}<body>\r\n<p>Does noon work for you?</p>\r\n</body>\r\n</html>\r\n`,
    });
  });

  it('turns a text body into HTML: escaped, line breaks as <br>, in a <div> (microsoft-graph-docs#8215)', async () => {
    const created = await create('Agenda:\n1. <hiring> & budget', 'text');
    expect(created.body?.contentType).toBe('html');
    expect(created.body?.content).toBe(
      `${HEAD}<body>\r\n<div>Agenda:<br>\r\n1. &lt;hiring&gt; &amp; budget</div>\r\n</body>\r\n</html>\r\n`,
    );
  });

  it("re-quotes attributes and drops XHTML slashes, keeping a full document's head extras and body attributes", async () => {
    const created = await create(
      "<html><head><META http-equiv=Content-Type content='text/html'><style>p{margin:0}</style></head>" +
        "<body lang=EN-US><a href='https://example.com/a?b=1' target=_blank>link</a><br/>next<br />last</body></html>",
    );
    expect(created.body?.content).toBe(
      `${HEAD.replace('</head>', '<style>p{margin:0}</style>\r\n</head>')}<body lang="EN-US">\r\n` +
        '<a href="https://example.com/a?b=1" target="_blank">link</a><br>next<br>last\r\n</body>\r\n</html>\r\n',
    );
  });

  it('folds a text run longer than 76 characters at spaces, leaving the visible text as it was (office-js#2910)', async () => {
    const marker = '=== Carryover 1:1 agenda (updated automatically, edit outside these lines) ===';
    const sent = `<p>Notes</p><br>${marker}<br><a href="https://example.com/${'x'.repeat(90)}">agenda</a>`;
    const created = await create(sent);
    const content = created.body?.content ?? '';
    expect(content).not.toContain(marker);
    expect(content).toContain('=== Carryover 1:1 agenda (updated automatically, edit outside these lines)\r\n===');
    // Attribute values are never folded, however long.
    expect(content).toContain(`href="https://example.com/${'x'.repeat(90)}"`);
    const textLines = content.split(/<[^>]*>/).flatMap((run) => run.split('\r\n'));
    for (const line of textLines) expect(line.length).toBeLessThanOrEqual(FOLD_WIDTH);
    expect(visible(content)).toBe(visible(sent));
  });

  it('keeps <pre> text as sent, and everything a writer sent in order', async () => {
    const pre = `<pre>  two spaces\n${'y '.repeat(60)}</pre>`;
    const created = await create(`<div>first</div>${pre}<div>last</div>`);
    expect(created.body?.content).toContain(pre);
    expect(visible(created.body?.content ?? '')).toBe(visible(`<div>first</div>${pre}<div>last</div>`));
  });

  it('stores the same string when what was read is written back, and still changes the etag on every write', async () => {
    const client = graphClient(run.base, maya);
    const created = await create(`<p>${'word '.repeat(40)}</p><div style='color:red'>end</div>`);
    const path = `/me/events/${encodeURIComponent(created.id ?? '')}`;
    const again: Versioned = await client
      .api(path)
      .header('If-Match', created['@odata.etag'])
      .patch({ body: { contentType: 'html', content: created.body?.content } });
    expect(again.body?.content).toBe(created.body?.content);
    expect(again['@odata.etag']).not.toBe(created['@odata.etag']);
    expect(exchangeBody('html', again.body?.content ?? '')).toBe(again.body?.content);
  });

  it('keeps an empty body empty, as delta examples show ("content": "")', async () => {
    const created: Event = await graphClient(run.base, maya).api('/me/events').post(meeting);
    expect(created.body).toEqual({ contentType: 'html', content: '' });
  });
});
