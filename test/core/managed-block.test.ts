import { describe, expect, test } from 'vitest';
import {
  BLOCK_BEGIN,
  BLOCK_END,
  type BlockContent,
  type BlockRange,
  blockChanges,
  findBlocks,
  fingerprint,
  formatOf,
  removeBlock,
  renderBlock,
  replaceBlock,
} from '../../src/core/managed-block.ts';
import type { DescriptionFormat } from '../../src/core/types.ts';
import { generatedDescriptions, MEET_HTML, seededRandom, TEAMS_TEXT, ZOOM_TEXT } from './generated-descriptions.ts';

const URL = 'https://carryover.example.com/a/tok_8f3k2';

const AS_OF = 'Tue 24 Nov, 10:31';
const NOTE = `Updated by Carryover on ${AS_OF}. Edit outside these lines; the agenda page is always current.`;
const content: BlockContent = {
  agendaUrl: URL,
  carried: [
    { text: 'Ship the RFC', ownerName: 'Bob', due: 'Tue 1 Dec', overdue: true },
    { text: 'Book the offsite', ownerName: 'Alice', due: 'Sun 20 Dec', overdue: false },
    { text: 'Read the hiring doc', ownerName: 'Bob', due: null, overdue: false },
  ],
  asOf: AS_OF,
};
const empty: BlockContent = { agendaUrl: URL, carried: [], asOf: AS_OF };
const formats: DescriptionFormat[] = ['text', 'html'];

/** The whole block, as findBlocks should report it when it sits between `before` and the end. */
function only(description: string): string[] {
  return findBlocks(description).map(({ start, end }) => description.slice(start, end));
}

/**
 * Our HTML block after a round trip through Google Calendar's editor: markers wrapped in spans, '=' entity-encoded,
 * non-breaking spaces, the link routed through google.com/url, the dash encoded and `<br>` written as `<br/>`.
 */
function asGoogleSavesIt(block: string): string {
  return block
    .replace(BLOCK_BEGIN, `<span>${BLOCK_BEGIN.replaceAll('=', '&#61;')}</span>`)
    .replace(
      `<a href="${URL}">${URL}</a>`,
      `<a href="https://www.google.com/url?q=${URL}&amp;sa=D&amp;source=calendar&amp;usd=2&amp;usg=AOvVaw2Qx" target="_blank">${URL}</a>`,
    )
    .replaceAll('\u2014', '&#8212;')
    .replaceAll('<br>', '<br/>')
    .replace(BLOCK_END, '<b><span>===&nbsp;End of Carryover&nbsp;&nbsp;agenda&nbsp;===</span></b>');
}

const LINE_BREAK: Record<DescriptionFormat, string> = { text: '\n', html: '<br>' };

/** `block` after a person deleted its end marker's line in the calendar's editor. */
function withoutEnd(block: string, format: DescriptionFormat): string {
  return block.slice(0, block.lastIndexOf(LINE_BREAK[format]));
}

/** `block` after a person deleted its begin marker's line. */
function withoutBegin(block: string, format: DescriptionFormat): string {
  return block.slice(block.indexOf(LINE_BREAK[format]) + LINE_BREAK[format].length);
}

/**
 * An Outlook event body holding our HTML block for `content` as Outlook keeps it: a paragraph per line with `<o:p>`
 * filler, Word list items, the dash as an entity and source lines wrapped near 76 columns. `parts` picks the lines.
 */
function asOutlookSavesIt(parts: { begin: boolean; end: boolean }): { body: string; before: string; after: string } {
  const before =
    '<html><head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n<body>\r\n' +
    '<div class=WordSection1>\r\n<p class=MsoNormal>Hi Bob, see you Tuesday.<o:p></o:p></p>\r\n<p class=MsoNormal>';
  const after =
    '<o:p></o:p></p>\r\n<div><p class=MsoNormal>Microsoft Teams meeting<o:p></o:p></p>\r\n<p class=MsoNormal>' +
    '<a href="https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ%40thread.v2/0">Click here to join the\r\n' +
    'meeting</a><o:p></o:p></p></div>\r\n</div>\r\n</body>\r\n</html>\r\n';
  const item = (text: string) => `<li class=MsoNormal style='mso-list:l0 level1 lfo1'>${text}<o:p></o:p></li>\r\n`;
  const lines = [
    ...(parts.begin
      ? [
          '=== Carryover 1:1 agenda (updated automatically, edit outside\r\nthese lines) ===<o:p></o:p></p>\r\n<p class=MsoNormal>',
        ]
      : []),
    `Agenda and talking points: <a href="${URL}">\r\n${URL}</a><o:p></o:p></p>\r\n`,
    "<p class=MsoNormal><b>Carried from earlier 1:1s:<o:p></o:p></b></p>\r\n<ul style='margin-top:0in' type=disc>\r\n",
    item('Ship the RFC &#8212; Bob (due 2026-12-01,\r\n<b>overdue</b>)'),
    item('Book the offsite &#8212; Alice (due 2026-12-20)'),
    item('Read the hiring doc &#8212; Bob'),
    '</ul>\r\n<p class=MsoNormal>This block is updated automatically by Carryover; anything outside it is left\r\nalone.',
    ...(parts.end ? ['<o:p></o:p></p>\r\n<p class=MsoNormal>=== End of Carryover\r\nagenda ==='] : []),
  ];
  return { body: before + lines.join('') + after, before, after };
}

describe('renderBlock', () => {
  test('writes a short heading, the agenda link on a line of its own, and one line per carried commitment in plain text', () => {
    expect(renderBlock(content, 'text')).toBe(
      [
        BLOCK_BEGIN,
        'Open the 1:1 agenda:',
        URL,
        'Carried from earlier 1:1s:',
        '\u2022 Ship the RFC \u2014 Bob, due Tue 1 Dec, overdue',
        '\u2022 Book the offsite \u2014 Alice, due Sun 20 Dec',
        '\u2022 Read the hiring doc \u2014 Bob',
        NOTE,
        BLOCK_END,
      ].join('\n'),
    );
  });

  test('writes the same content as HTML, the link reading "Open the 1:1 agenda", the commitments as a list', () => {
    expect(renderBlock(content, 'html')).toBe(
      `${BLOCK_BEGIN}<br><a href="${URL}">Open the 1:1 agenda</a><br>` +
        '<b>Carried from earlier 1:1s:</b><ul>' +
        '<li>Ship the RFC \u2014 Bob, due Tue 1 Dec, <b>overdue</b></li>' +
        '<li>Book the offsite \u2014 Alice, due Sun 20 Dec</li>' +
        '<li>Read the hiring doc \u2014 Bob</li></ul>' +
        `${NOTE}<br>${BLOCK_END}`,
    );
  });

  test('lists at most five commitments and counts the rest', () => {
    const many: BlockContent = {
      ...content,
      carried: Array.from({ length: 8 }, (_, i) => ({
        text: `Task ${i + 1}`,
        ownerName: 'Bob',
        due: null,
        overdue: false,
      })),
    };
    const text = renderBlock(many, 'text').split('\n');
    expect(text.filter((line) => line.startsWith('\u2022 '))).toHaveLength(5);
    expect(text).toContain('\u2026 and 3 more on the agenda');
    expect(renderBlock(many, 'html')).toContain('</ul>\u2026 and 3 more on the agenda<br>');
    expect(renderBlock({ ...many, maxItems: 2 }, 'text')).toContain('\u2026 and 6 more on the agenda');
  });

  test('says there are no open commitments when nothing is carried', () => {
    expect(renderBlock(empty, 'text').split('\n')).toEqual([
      BLOCK_BEGIN,
      'Open the 1:1 agenda:',
      URL,
      'Carried from earlier 1:1s:',
      'No open commitments.',
      NOTE,
      BLOCK_END,
    ]);
    const html = renderBlock(empty, 'html');
    expect(html).toContain('<b>Carried from earlier 1:1s:</b><br>No open commitments.<br>');
    expect(html).not.toContain('<ul>');
  });

  test('flags an overdue commitment without a due date as overdue only', () => {
    const block = renderBlock(
      { agendaUrl: URL, asOf: AS_OF, carried: [{ text: 'X', ownerName: 'Bo', due: null, overdue: true }] },
      'text',
    );
    expect(block).toContain('\n\u2022 X \u2014 Bo, overdue\n');
  });

  test('leaves out the owner when the name is unknown', () => {
    const block = renderBlock(
      { agendaUrl: URL, asOf: AS_OF, carried: [{ text: 'X', ownerName: ' ', due: 'Sat 2 Jan', overdue: false }] },
      'text',
    );
    expect(block).toContain('\n\u2022 X, due Sat 2 Jan\n');
  });

  test('uses only tags Google Calendar keeps in HTML', () => {
    const tags = [...renderBlock(content, 'html').matchAll(/<\/?([a-z]+)/g)].map((match) => match[1]);
    expect(new Set(tags)).toEqual(new Set(['br', 'a', 'b', 'ul', 'li']));
  });

  test('escapes HTML in commitment text, owner names, due dates and the link', () => {
    const hostile: BlockContent = {
      agendaUrl: 'https://carryover.example.com/a/x"onmouseover="alert(1)',
      asOf: AS_OF,
      carried: [
        {
          text: `<script>alert('hi')</script> & <img src=x onerror=alert(1)>`,
          ownerName: '<b>Bob</b> "The Boss"',
          due: '<i>soon</i>',
          overdue: false,
        },
      ],
    };
    const html = renderBlock(hostile, 'html');
    expect(html).toContain(
      '<li>&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt; \u2014 ' +
        '&lt;b&gt;Bob&lt;/b&gt; &quot;The Boss&quot;, due &lt;i&gt;soon&lt;/i&gt;</li>',
    );
    expect(html).toContain('href="https://carryover.example.com/a/x&quot;onmouseover=&quot;alert(1)"');
    expect(html).not.toMatch(/<(script|img|i)\b/);
  });

  test('keeps emoji, CJK and right-to-left text in commitments as written', () => {
    const carried = [
      { text: 'Launch 🚀 the 新しい dashboard', ownerName: 'Zoë 李', due: 'Tue 1 Dec', overdue: false },
      { text: 'مراجعة الخطة', ownerName: 'سارة', due: null, overdue: false },
    ];
    for (const format of formats) {
      const block = renderBlock({ agendaUrl: URL, asOf: AS_OF, carried }, format);
      expect(block).toContain('Launch 🚀 the 新しい dashboard \u2014 Zoë 李, due Tue 1 Dec');
      expect(block).toContain('مراجعة الخطة \u2014 سارة');
      expect(only(block)).toEqual([block]);
    }
  });

  test('keeps a commitment written over several lines on one line', () => {
    const block = renderBlock(
      {
        agendaUrl: URL,
        asOf: AS_OF,
        carried: [{ text: 'First\nsecond\r\n  third', ownerName: 'Bob', due: null, overdue: false }],
      },
      'text',
    );
    expect(block.split('\n')).toContain('\u2022 First second third \u2014 Bob');
  });

  test('uses plain-ASCII markers a person can read', () => {
    for (const marker of [BLOCK_BEGIN, BLOCK_END]) {
      expect(marker).toMatch(/^[ -~]+$/);
      expect(marker).toContain('Carryover');
    }
    expect(BLOCK_BEGIN).not.toBe(BLOCK_END);
  });

  test('a commitment quoting a marker cannot end the block early', () => {
    const quoting = [
      BLOCK_END,
      BLOCK_BEGIN,
      `notes<br>${BLOCK_END}<br>more`,
      BLOCK_END.replaceAll('=', '&#61;'),
      `=<b>==</b> End of Carryover agenda ===`,
    ];
    for (const format of formats) {
      for (const text of quoting) {
        const carried = [
          { text, ownerName: text, due: text, overdue: true },
          { text: 'next', ownerName: '', due: null, overdue: false },
        ];
        const block = renderBlock({ agendaUrl: URL, asOf: AS_OF, carried }, format);
        expect(only(block)).toEqual([block]);
        const description = replaceBlock('Notes', block, format);
        expect(replaceBlock(description, block, format)).toBe(description);
      }
    }
  });
});

describe('findBlocks', () => {
  test('finds the block it rendered, in text and HTML, wherever it sits', () => {
    for (const format of formats) {
      const block = renderBlock(content, format);
      expect(findBlocks(block)).toEqual([{ start: 0, end: block.length }]);
      const description = `Before the block\n${block}\nAfter the block`;
      expect(findBlocks(description)).toEqual([{ start: 17, end: 17 + block.length }]);
    }
  });

  test('finds a block Google Calendar rewrote, covering its wrapping tags but none of the person’s text', () => {
    const rewritten = asGoogleSavesIt(renderBlock(content, 'html'));
    expect(rewritten).toContain('&#61;&#61;&#61; Carryover');
    const before = `Hi Bob,<br><br>${MEET_HTML}<br><br>`;
    const after = '<br><br><span>Remember the doc</span>';
    const description = before + rewritten + after;
    expect(only(description)).toEqual([rewritten]);
  });

  test('finds a block whose line breaks became <br>, <br/> or CRLF', () => {
    const text = renderBlock(content, 'text');
    for (const lineBreak of ['<br>', '<br/>', '<br />', '<BR>', '\r\n']) {
      const rewritten = text.replaceAll('\n', lineBreak);
      expect(only(`x${lineBreak}${rewritten}${lineBreak}y`)).toEqual([rewritten]);
    }
  });

  test('finds markers with non-breaking, doubled or collapsed spaces', () => {
    const variants = [
      (m: string) => m.replaceAll(' ', '&nbsp;'),
      (m: string) => m.replaceAll(' ', '\u00a0'),
      (m: string) => m.replaceAll(' ', '  '),
      (m: string) => m.replaceAll(' ', ' &nbsp;\t'),
      (m: string) => m.replace('=== ', '===').replace(' ===', '==='),
    ];
    for (const variant of variants) {
      const block = `${variant(BLOCK_BEGIN)}\nsomething\n${variant(BLOCK_END)}`;
      expect(only(`a\n${block}\nb`)).toEqual([block]);
    }
  });

  test('finds markers with entity-encoded punctuation', () => {
    const begin = BLOCK_BEGIN.replaceAll('=', '&equals;')
      .replace('(', '&lpar;')
      .replace(')', '&#x29;')
      .replace(',', '&#44;')
      .replace(':', '&colon;');
    const end = BLOCK_END.replaceAll('=', '&#x3D;');
    const block = `${begin}<br>inside<br>${end}`;
    expect(only(`<p>mine</p>${block}<p>also mine</p>`)).toEqual([block]);
  });

  test('finds markers with tags inserted between and around their words', () => {
    const begin =
      '<b>===</b> <span>Carryover</span> 1:1 <i>agenda</i> (updated automatically, <u>edit outside</u> these lines) ===';
    const end = '<span>=== End of</span><span> Carryover agenda ===</span>';
    const block = `<p>${begin}</p><p>inside</p><p>${end}</p>`;
    expect(only(`<p>mine</p>${block}`)).toEqual([`${begin}</p><p>inside</p><p>${end}`]);
  });

  test('finds markers Outlook wrapped across source lines', () => {
    const begin =
      '<p class=MsoNormal>=== Carryover 1:1 agenda (updated automatically, edit outside\r\nthese lines) ===<o:p></o:p></p>';
    const end = '<p class=MsoNormal>=== End of Carryover\r\nagenda ===<o:p></o:p></p>';
    const description = `<html><body>${begin}\r\n<p class=MsoNormal>inside<o:p></o:p></p>\r\n${end}\r\n</body></html>`;
    const [found] = only(description);
    expect(found?.startsWith('=== Carryover 1:1 agenda')).toBe(true);
    expect(found?.endsWith('agenda ===')).toBe(true);
  });

  test('takes a begin marker without an end as a stale half, but not the person’s text after it (was: all theirs)', () => {
    expect(only(`${BLOCK_BEGIN}\nI deleted the end marker\nand kept writing`)).toEqual([BLOCK_BEGIN]);
  });

  test('takes an end marker with no begin before it as a stale half, but not the text around it (was: ignored)', () => {
    expect(only(`${BLOCK_END}\nnotes\n`)).toEqual([BLOCK_END]);
    expect(only(`notes ${BLOCK_END} ${BLOCK_BEGIN}`)).toEqual([BLOCK_END, BLOCK_BEGIN]);
  });

  test('pairs an end marker with the nearest begin, and takes the earlier begin as a stale half (was: left)', () => {
    const block = `${BLOCK_BEGIN}\ncurrent\n${BLOCK_END}`;
    const description = `${BLOCK_BEGIN}\nold orphan\n${block}`;
    expect(only(description)).toEqual([BLOCK_BEGIN, block]);
  });

  test('takes the lines of ours after an orphaned begin marker, up to the first line that is not', () => {
    const lines = renderBlock(content, 'text').split('\n');
    const half = lines.slice(0, -1).join('\n');
    expect(only(`Mine\n${half}\nAlso mine`)).toEqual([half]);
    const top = lines.slice(0, 3).join('\n');
    expect(only(`Mine\n${top}\nAlso mine\n${lines.slice(3, -1).join('\n')}`)).toEqual([top]);
  });

  test('takes the lines of ours before an orphaned end marker, up to the first line that is not', () => {
    const html = renderBlock(content, 'html');
    const half = html.slice(html.indexOf('<br>') + 4);
    expect(only(`<p>Mine</p>${half}<p>Also mine</p>`)).toEqual([half]);
  });

  test('never takes a line typed onto another marker into a stale half', () => {
    const block = renderBlock(empty, 'text');
    const lower = block.split('\n').slice(-2).join('\n');
    expect(only(`${block} No open commitments.\n${lower}`)).toEqual([block, lower]);
  });

  test('finds every copy of the block, in order', () => {
    const first = renderBlock(content, 'text');
    const second = renderBlock(empty, 'text');
    expect(only(`${first}\n\npasted again:\n${second}`)).toEqual([first, second]);
  });

  test('does not take a wrapping tag whose other half encloses the person’s text', () => {
    const block = `${BLOCK_BEGIN}<br>inside<br>${BLOCK_END}`;
    const description = `<b>${block} and my bold note</b>`;
    expect(only(description)).toEqual([block]);
    expect(only(`<span><b>${block}</b></span>`)).toEqual([`<span><b>${block}</b></span>`]);
    expect(only(`<span><b>${block}</b> mine</span>`)).toEqual([`<b>${block}</b>`]);
  });

  test('never reports overlapping blocks when a person’s text shares a marker’s ===; the end left over is a half (was: ignored)', () => {
    // "=== End of Carryover agenda ===" and "=== Carryover 1:1 agenda (…) ===" glued on one line share their '===';
    // the end keeps it, so the last end marker has no begin left and is a stale half (it used to be left alone).
    const glued = `${BLOCK_END}${BLOCK_BEGIN.slice(3)}`;
    const description = `${BLOCK_BEGIN}\nmine\n${glued}\ninside\n${BLOCK_END}`;
    expect(only(description)).toEqual([`${BLOCK_BEGIN}\nmine\n${BLOCK_END}`, BLOCK_END]);
  });

  test('opens the block at our begin marker when a person’s text before it ends in most of one', () => {
    // The person's "=== Carryover 1:1 agenda (…lines)" borrows our '===' to spell a begin marker of its own.
    const block = `${BLOCK_BEGIN}\ninside\n${BLOCK_END}`;
    expect(only(`Notes ${BLOCK_BEGIN.slice(0, -4)} ${block}`)).toEqual([block]);
  });

  test('finds a marker a person wrote next to on the same line', () => {
    const block = `${BLOCK_BEGIN}\ninside\n${BLOCK_END}`;
    expect(only(`Notes: ${block} typed after`)).toEqual([block]);
  });

  test('finds no block in an empty or ordinary description', () => {
    expect(findBlocks('')).toEqual([]);
    expect(findBlocks(ZOOM_TEXT)).toEqual([]);
    expect(findBlocks('=== Carryover ===')).toEqual([]);
  });

  test('finds the block in the middle of a megabyte of text quickly', () => {
    const block = renderBlock(content, 'html');
    const filler = '<p>Long notes with <b>bold</b> &amp; links <a href="https://example.com">here</a></p>\n';
    const half = filler.repeat(Math.ceil(500_000 / filler.length));
    const description = half + block + half;
    const started = performance.now();
    expect(findBlocks(description)).toEqual([{ start: half.length, end: half.length + block.length }]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('replaceBlock', () => {
  const block = renderBlock(content, 'text');
  const htmlBlock = renderBlock(content, 'html');

  test('appends the block after a blank line to plain text', () => {
    expect(replaceBlock(ZOOM_TEXT, block, 'text')).toBe(`${ZOOM_TEXT}\n\n${block}`);
  });

  test('appends the block after two line breaks to HTML', () => {
    expect(replaceBlock(MEET_HTML, htmlBlock, 'html')).toBe(`${MEET_HTML}<br><br>${htmlBlock}`);
  });

  test('writes just the block into an empty description', () => {
    expect(replaceBlock('', block, 'text')).toBe(block);
    expect(replaceBlock('', htmlBlock, 'html')).toBe(htmlBlock);
  });

  test('keeps a whitespace-only description’s whitespace in front of the block', () => {
    expect(replaceBlock(' \n\t', block, 'text')).toBe(` \n\t${block}`);
    expect(replaceBlock('\n\n', htmlBlock, 'html')).toBe(`\n\n${htmlBlock}`);
  });

  test('replaces only the block and keeps Zoom, Teams and Meet join text byte for byte', () => {
    const old = renderBlock(empty, 'text');
    for (const join of [ZOOM_TEXT, TEAMS_TEXT, MEET_HTML]) {
      const description = `${join}\n\n${old}\r\n${join}`;
      expect(replaceBlock(description, block, 'text')).toBe(`${join}\n\n${block}\r\n${join}`);
    }
  });

  test('replaces a block Google Calendar rewrote without leaving empty wrapper tags behind', () => {
    const before = `Hi Bob,<br><br>${MEET_HTML}<br><br>`;
    const after = '<br><br><span>Remember the doc</span>';
    const description = before + asGoogleSavesIt(renderBlock(empty, 'html')) + after;
    const replaced = replaceBlock(description, htmlBlock, 'html');
    expect(replaced).toBe(before + htmlBlock + after);
    expect(replaced).not.toMatch(/<(b|span)><\/\1>/);
  });

  test('keeps text a person typed right after the end marker on the same line', () => {
    const description = `${renderBlock(empty, 'text')} I typed here\nand here`;
    expect(replaceBlock(description, block, 'text')).toBe(`${block} I typed here\nand here`);
  });

  test('collapses two copies of the block into one, in the place of the first', () => {
    const first = renderBlock(empty, 'text');
    const description = `Agenda:\n\n${first}\n\nMy notes\n\n${first}`;
    expect(replaceBlock(description, block, 'text')).toBe(`Agenda:\n\n${block}\n\nMy notes`);
    const html = `<p>Hi</p>${renderBlock(empty, 'html')}<br><br>${asGoogleSavesIt(renderBlock(empty, 'html'))}<p>Bye</p>`;
    expect(replaceBlock(html, htmlBlock, 'html')).toBe(`<p>Hi</p>${htmlBlock}<p>Bye</p>`);
  });

  test('puts the block over an orphaned begin marker instead of leaving it and appending a second block', () => {
    const description = `${BLOCK_BEGIN}\nThe end marker is gone; this is mine now.`;
    const replaced = replaceBlock(description, block, 'text');
    expect(replaced).toBe(`${block}\nThe end marker is gone; this is mine now.`);
    expect(only(replaced)).toEqual([block]);
  });

  test('keeps emoji, CJK and right-to-left text around the block byte for byte', () => {
    const before = '会議メモ 📝 — مرحبا بالعالم\n\n';
    const after = '\n\n👩🏽‍💻 שלום עולם';
    const description = before + renderBlock(empty, 'text') + after;
    expect(replaceBlock(description, block, 'text')).toBe(before + block + after);
  });

  test('replaces the block inside a megabyte of text quickly', () => {
    const half = `${ZOOM_TEXT}\n`.repeat(Math.ceil(500_000 / ZOOM_TEXT.length));
    const description = half + renderBlock(empty, 'text') + half;
    const started = performance.now();
    expect(replaceBlock(description, block, 'text')).toBe(half + block + half);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  for (const format of formats) {
    test(`is idempotent and never leaves two blocks, over generated ${format} descriptions`, () => {
      const random = seededRandom(format === 'text' ? 7 : 11);
      const fresh = renderBlock(content, format);
      const google = asGoogleSavesIt(renderBlock(empty, 'html'));
      const olds = [
        renderBlock(empty, format),
        google,
        fresh,
        `<b><span>${BLOCK_BEGIN}</span><br>x<br>${BLOCK_END}</span></b>`,
        `${BLOCK_BEGIN}<i>unbalanced${BLOCK_END}`,
        // Stale halves, whole and partial, plain and as calendars keep them.
        withoutEnd(renderBlock(empty, format), format),
        withoutBegin(fresh, format),
        google.slice(0, google.lastIndexOf('<br/>')),
        renderBlock(content, 'text').split('\n').slice(0, 4).join('\n'),
        renderBlock(content, 'text').split('\n').slice(3).join('\r\n'),
        asOutlookSavesIt({ begin: false, end: true }).body,
      ];
      const descriptions = generatedDescriptions(format, 2000, format === 'text' ? 1 : 2).map((description) => {
        // Most get existing blocks spliced in at random places — even inside each other's markers.
        const copies = Math.floor(random() * 4);
        let out = description;
        for (let c = 0; c < copies; c++) {
          const at = Math.floor(random() * (out.length + 1));
          out = out.slice(0, at) + olds[Math.floor(random() * olds.length)] + out.slice(at);
        }
        return out;
      });
      for (const description of descriptions) {
        const found = findBlocks(description);
        expect(found.every((block, at) => at === 0 || (found[at - 1] as BlockRange).end <= block.start)).toBe(true);
        const once = replaceBlock(description, fresh, format);
        expect(replaceBlock(once, fresh, format), JSON.stringify(description)).toBe(once);
        expect(only(once), JSON.stringify(description)).toEqual([fresh]);
      }
    });

    test(`heals a stale half between generated ${format} descriptions, keeping them byte for byte`, () => {
      const random = seededRandom(format === 'text' ? 5 : 13);
      const fresh = renderBlock(content, format);
      const separator = format === 'text' ? '\n\n' : '<br><br>';
      const br = LINE_BREAK[format];
      const halves = [
        withoutEnd(renderBlock(empty, format), format),
        withoutEnd(fresh, format),
        withoutBegin(renderBlock(empty, format), format),
        withoutBegin(fresh, format),
        ...(format === 'html' ? [withoutEnd(asGoogleSavesIt(fresh).replaceAll('<br/>', '<br>'), 'html')] : []),
      ];
      const people = generatedDescriptions(format, 1200, format === 'text' ? 6 : 8).filter(
        (description) => findBlocks(description).length === 0,
      );
      let checked = 0;
      for (let n = 0; n + 1 < people.length; n += 2) {
        const [before, after] = [people[n] as string, people[n + 1] as string];
        const half = halves[Math.floor(random() * halves.length)] as string;
        const description = `${before}${separator}${half}${br}${after}`;
        // Rarely the halves' '===' and a fragment next to them spell another marker; that is another test's case.
        if (findBlocks(`${before}${separator}${fresh}${br}${after}`).length !== 1) continue;
        checked += 1;
        const replaced = replaceBlock(description, fresh, format);
        expect(replaced, JSON.stringify(description)).toBe(`${before}${separator}${fresh}${br}${after}`);
        const kept = before.trim() === '' ? before + separator : before;
        expect(removeBlock(description, format), JSON.stringify(description)).toBe(`${kept}${br}${after}`);
      }
      expect(checked).toBeGreaterThan(300);
    });

    test(`puts back exactly the ${format} description it started from when the block is removed`, () => {
      const fresh = renderBlock(content, format);
      const descriptions = generatedDescriptions(format, 600, format === 'text' ? 3 : 4).filter(
        (description) => findBlocks(description).length === 0,
      );
      expect(descriptions.length).toBeGreaterThan(400);
      for (const description of descriptions) {
        const replaced = replaceBlock(description, fresh, format);
        expect(replaced.startsWith(description)).toBe(true);
        expect(removeBlock(replaced, format), JSON.stringify(description)).toBe(description);
      }
    });
  }
});

describe('removeBlock', () => {
  test('takes out the block and the separator it was appended with', () => {
    const block = renderBlock(content, 'html');
    expect(removeBlock(`${MEET_HTML}<br><br>${block}`, 'html')).toBe(MEET_HTML);
    expect(removeBlock(`${ZOOM_TEXT}\n\n${renderBlock(content, 'text')}`, 'text')).toBe(ZOOM_TEXT);
  });

  test('keeps the text after a block a person moved up', () => {
    const description = `Intro\n\n${renderBlock(content, 'text')}\n\nMy notes`;
    expect(removeBlock(description, 'text')).toBe('Intro\n\nMy notes');
  });

  test('removes every copy of the block', () => {
    const block = renderBlock(empty, 'text');
    expect(removeBlock(`A\n\n${block}\n\nB\n\n${block}`, 'text')).toBe('A\n\nB');
  });

  test('takes out an orphaned begin marker and keeps the person’s text after it (was: left unchanged)', () => {
    expect(removeBlock(`${BLOCK_BEGIN}\nmine`, 'text')).toBe('\nmine');
  });

  test('restores a blank description exactly', () => {
    for (const blank of ['', '  ', '\n\n', '\u00a0\n']) {
      expect(removeBlock(replaceBlock(blank, renderBlock(empty, 'text'), 'text'), 'text')).toBe(blank);
    }
  });
});

describe('healing a block a person broke', () => {
  const block = renderBlock(content, 'text');
  const htmlBlock = renderBlock(content, 'html');
  const fresh: Record<DescriptionFormat, string> = { text: block, html: htmlBlock };

  test('puts the block over what is left when the end marker line was deleted, keeping the text around it', () => {
    for (const format of formats) {
      const half = withoutEnd(renderBlock(empty, format), format);
      const br = LINE_BREAK[format];
      const before = format === 'text' ? `${ZOOM_TEXT}\n\n` : `${MEET_HTML}<br><br>`;
      const description = `${before}${half}${br}My notes for Tuesday${br}${br}Bring the numbers`;
      const replaced = replaceBlock(description, fresh[format], format);
      expect(replaced).toBe(`${before}${fresh[format]}${br}My notes for Tuesday${br}${br}Bring the numbers`);
      expect(replaceBlock(replaced, fresh[format], format)).toBe(replaced);
    }
  });

  test('heals a plain-text block with its end marker line deleted after its line breaks became CRLF or <br>', () => {
    for (const lineBreak of ['\r\n', '<br>', '<br/>']) {
      const half = withoutEnd(renderBlock(empty, 'text'), 'text').replaceAll('\n', lineBreak);
      const description = `Notes${lineBreak}${half}${lineBreak}Mine`;
      expect(replaceBlock(description, block, 'text')).toBe(`Notes${lineBreak}${block}${lineBreak}Mine`);
    }
  });

  test('heals a block Google Calendar rewrote when its end marker line was deleted', () => {
    const rewritten = asGoogleSavesIt(renderBlock(content, 'html'));
    const half = rewritten.slice(0, rewritten.lastIndexOf('<br/>'));
    const before = `Hi Bob,<br><br>${MEET_HTML}<br><br>`;
    const after = '<br><span>Remember the doc</span>';
    expect(replaceBlock(before + half + after, htmlBlock, 'html')).toBe(before + htmlBlock + after);
    expect(removeBlock(before + half + after, 'html')).toBe(`Hi Bob,<br><br>${MEET_HTML}${after}`);
  });

  test('heals a block Outlook rewrote when its end marker paragraph was deleted', () => {
    const { body, before, after } = asOutlookSavesIt({ begin: true, end: false });
    expect(replaceBlock(body, htmlBlock, 'html')).toBe(before + htmlBlock + after);
  });

  test('heals a block Outlook rewrote when its begin marker paragraph was deleted', () => {
    const whole = asOutlookSavesIt({ begin: true, end: true });
    expect(only(whole.body)).toHaveLength(1);
    const { body, before, after } = asOutlookSavesIt({ begin: false, end: true });
    expect(replaceBlock(body, htmlBlock, 'html')).toBe(before + htmlBlock + after);
  });

  test('puts the block over what is left when the begin marker line was deleted, keeping the text around it', () => {
    for (const format of formats) {
      const half = withoutBegin(renderBlock(empty, format), format);
      const br = LINE_BREAK[format];
      const description = `Prep for the 1:1${br}${half}${br}${br}${TEAMS_TEXT}`;
      expect(replaceBlock(description, fresh[format], format)).toBe(
        `Prep for the 1:1${br}${fresh[format]}${br}${br}${TEAMS_TEXT}`,
      );
      expect(removeBlock(description, format)).toBe(`Prep for the 1:1${br}${br}${br}${TEAMS_TEXT}`);
    }
  });

  test('keeps one block when a full block and the stale half of a broken one are both there', () => {
    // What people were left with before blocks healed: the broken block stayed and a fresh one was appended.
    const broken = `Notes\n\n${withoutEnd(renderBlock(empty, 'text'), 'text')}\nmine\n\n${renderBlock(empty, 'text')}`;
    expect(replaceBlock(broken, block, 'text')).toBe(`Notes\n\n${block}\nmine`);
    expect(removeBlock(broken, 'text')).toBe('Notes\nmine');
    // A stale lower half pasted below the block.
    const pasted = `${renderBlock(empty, 'html')}<br><br>My notes<br><br>${withoutBegin(renderBlock(empty, 'html'), 'html')}`;
    expect(replaceBlock(pasted, htmlBlock, 'html')).toBe(`${htmlBlock}<br><br>My notes`);
    expect(removeBlock(pasted, 'html')).toBe('<br><br>My notes');
  });

  test('keeps the person’s text between two pasted copies of the block', () => {
    const stale = renderBlock(empty, 'text');
    const description = `Intro\n\n${stale}\nTyped between the copies\n\n${block}\n\nOutro`;
    expect(replaceBlock(description, block, 'text')).toBe(`Intro\n\n${block}\nTyped between the copies\n\nOutro`);
    const html = `<p>Hi</p>${renderBlock(empty, 'html')}<br>Typed between<br><br>${asGoogleSavesIt(htmlBlock)}<p>Bye</p>`;
    expect(replaceBlock(html, htmlBlock, 'html')).toBe(`<p>Hi</p>${htmlBlock}<br>Typed between<p>Bye</p>`);
  });

  test('keeps the person’s text on the line right after our note line when the end marker is gone', () => {
    const description = `${withoutEnd(renderBlock(empty, 'text'), 'text')}\nI typed this under the note\n- and my list`;
    expect(replaceBlock(description, block, 'text')).toBe(`${block}\nI typed this under the note\n- and my list`);
    const html = `${withoutEnd(renderBlock(empty, 'html'), 'html')}<br><span>Typed here</span><br>No open commitments.`;
    expect(replaceBlock(html, htmlBlock, 'html')).toBe(
      `${htmlBlock}<br><span>Typed here</span><br>No open commitments.`,
    );
  });

  test('keeps a line of ours that a person typed onto, whole', () => {
    const [begin, agenda, carried, none, note] = renderBlock(empty, 'text').split('\n');
    const description = [begin, agenda, carried, none, `${note} P.S. mine`].join('\n');
    expect(replaceBlock(description, block, 'text')).toBe(`${block}\n${note} P.S. mine`);
  });

  test('keeps a person’s lines that merely look like ours when no marker is near them', () => {
    const mine = 'Prep\n\nNo open commitments.\n\nCarried from earlier 1:1s:\n- my own item\n\nThanks';
    const replaced = replaceBlock(mine, block, 'text');
    expect(replaced).toBe(`${mine}\n\n${block}`);
    expect(removeBlock(replaced, 'text')).toBe(mine);
    const html =
      '<p>No open commitments.</p><p>This block is updated automatically by Carryover; anything outside it is left alone.</p>';
    expect(removeBlock(replaceBlock(html, htmlBlock, 'html'), 'html')).toBe(html);
  });

  test('keeps a paragraph of the person’s past a blank line after a stale half, even one quoting our wording', () => {
    const [begin, agenda, url, carried] = renderBlock(empty, 'text').split('\n');
    const description = `${begin}\n${agenda}\n${url}\n${carried}\n\nNo open commitments.\nThis block is mine`;
    expect(replaceBlock(description, block, 'text')).toBe(`${block}\n\nNo open commitments.\nThis block is mine`);
    const html = `${begin}<br>${agenda}<br><br>No open commitments.`;
    expect(replaceBlock(html, htmlBlock, 'html')).toBe(`${htmlBlock}<br><br>No open commitments.`);
  });

  test('takes commitment lines only between our heading and our note, never a person’s list next to a half', () => {
    const lines = renderBlock(content, 'text').split('\n');
    const [begin, agenda, url, carried, , , , note, end] = lines;
    // Heading deleted: the items above the note could be anyone's.
    const headless = `My list:\n- buy milk\n- call Bob\n${note}\n${end}`;
    expect(replaceBlock(headless, block, 'text')).toBe(`My list:\n- buy milk\n- call Bob\n${block}`);
    const topless = `${begin}\n${agenda}\n- buy milk\n${note}`;
    expect(replaceBlock(topless, block, 'text')).toBe(`${block}\n- buy milk\n${note}`);
    // Note and end deleted: nothing closes the items, so they stay with the person's list under them.
    const open = `${begin}\n${agenda}\n${url}\n${carried}\n- stale item\n- my own item\nMore of mine`;
    expect(replaceBlock(open, block, 'text')).toBe(`${block}\n- stale item\n- my own item\nMore of mine`);
  });

  test('heals a stale half written with today’s wording, spelled out here so a new wording cannot drop it', () => {
    const today = [
      '=== Carryover 1:1 agenda (updated automatically, edit outside these lines) ===',
      'Agenda and talking points: https://carryover.example.com/a/old',
      'Carried from earlier 1:1s:',
      '- Ship the RFC \u2014 Bob (due 2026-12-01, overdue)',
      'This block is updated automatically by Carryover; anything outside it is left alone.',
    ];
    expect(replaceBlock(`Mine\n${today.join('\n')}\nAlso mine`, block, 'text')).toBe(`Mine\n${block}\nAlso mine`);
    const lower = [...today.slice(1), '=== End of Carryover agenda ==='].join('<br>');
    expect(removeBlock(`Mine<br><br>${lower}<br>Also mine`, 'html')).toBe('Mine<br>Also mine');
  });

  test('takes a marker a person wrote next to, but not their words, when its partner is gone', () => {
    expect(replaceBlock(`Notes: ${BLOCK_BEGIN}\nmine`, block, 'text')).toBe(`Notes: ${block}\nmine`);
    expect(removeBlock(`Mine\n${BLOCK_END} typed after`, 'text')).toBe('Mine\n typed after');
  });
});

/** FNV-1a 64 over UTF-8 with BigInt: slow, obviously right, and independent of the two-lane version under test. */
function referenceFnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

describe('fingerprint', () => {
  test('matches the published FNV-1a 64-bit values', () => {
    expect(fingerprint('')).toBe('cbf29ce484222325');
    expect(fingerprint('a')).toBe('af63dc4c8601ec8c');
    expect(fingerprint('foobar')).toBe('85944171f73967e8');
  });

  test('hashes the UTF-8 bytes of any text, emoji and CJK included', () => {
    const random = seededRandom(42);
    const alphabet = ['a', 'Z', ' ', '\n', 'é', 'ß', '李', '🚀', '\u200b', 'م', '\u0000', '~'];
    for (let n = 0; n < 300; n++) {
      let text = '';
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(fingerprint(text)).toBe(referenceFnv1a64(text));
    }
    expect(fingerprint(renderBlock(content, 'html'))).toBe(referenceFnv1a64(renderBlock(content, 'html')));
  });

  test('changes when the block changes and stays when it does not', () => {
    const block = renderBlock(content, 'text');
    expect(fingerprint(block)).toBe(fingerprint(renderBlock(content, 'text')));
    const marked = renderBlock({ ...content, carried: content.carried.map((c) => ({ ...c, overdue: true })) }, 'text');
    expect(fingerprint(marked)).not.toBe(fingerprint(block));
    expect(fingerprint(block)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('what a block says, however a calendar rewrote it', () => {
  test('reads the same after Exchange wrapped and reflowed it, and at another time', () => {
    const block = renderBlock(content, 'html');
    const rewritten =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>' +
      `<div><p class="MsoNormal">Agenda below.</p></div>${block
        .replaceAll('<br>', '<br>\r\n')
        .replaceAll('\u2014', '&#8212;')
        .replace('<ul>', '<ul style="margin-top:0in">')}</body></html>`;
    expect(blockChanges(rewritten, renderBlock({ ...content, asOf: 'Wed 25 Nov, 09:00' }, 'html'))).toBe(false);
  });

  test('changes when a commitment, its due date or the link changes, and when there is no block or two', () => {
    const description = replaceBlock('Notes', renderBlock(content, 'html'), 'html');
    const done = { ...content, carried: content.carried.slice(1) };
    expect(blockChanges(description, renderBlock(done, 'html'))).toBe(true);
    const moved = { ...content, carried: [{ ...content.carried[0]!, due: 'Fri 4 Dec' }, ...content.carried.slice(1)] };
    expect(blockChanges(description, renderBlock(moved, 'html'))).toBe(true);
    expect(blockChanges(description, renderBlock({ ...content, agendaUrl: `${URL}x` }, 'html'))).toBe(true);
    expect(blockChanges('Notes', renderBlock(content, 'html'))).toBe(true);
    const twice = `${description}<br><br>${renderBlock(content, 'html')}`;
    expect(blockChanges(twice, renderBlock(content, 'html'))).toBe(true);
  });

  test('tells plain text from HTML by its markup', () => {
    expect(formatOf('Join at https://meet.google.com/abc\nBring notes')).toBe('text');
    expect(formatOf('')).toBe('text');
    expect(formatOf('a < b and c > d')).toBe('text');
    expect(formatOf('Join <a href="https://meet.google.com/abc">here</a>')).toBe('html');
    expect(formatOf('one<br>two')).toBe('html');
  });
});

describe('a whole HTML document (Outlook)', () => {
  const doc = (inner: string) =>
    `<html><head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n<body>\r\n${inner}\r\n</body>\r\n</html>\r\n`;

  test('takes the block at the end of its body, never after </html>, and gives it back untouched', () => {
    const body = doc('<div>Teams meeting<br><a href="https://teams.microsoft.com/l/x">Join</a></div>');
    const block = renderBlock(content, 'html');
    const written = replaceBlock(body, block, 'html');
    expect(written).toBe(body.replace('\r\n</body>', `\r\n<br><br>${block}</body>`));
    expect(written.indexOf(block)).toBeLessThan(written.indexOf('</body>'));
    expect(replaceBlock(written, block, 'html')).toBe(written);
    expect(removeBlock(written, 'html')).toBe(body);
  });
});

describe('blocks written with the earlier wording', () => {
  test('are found, replaced and healed by the current one', () => {
    const old = [
      '=== Carryover 1:1 agenda (updated automatically, edit outside these lines) ===',
      `Agenda and talking points: ${URL}`,
      'Carried from earlier 1:1s:',
      '- Ship the RFC \u2014 Bob (due 2026-12-01, overdue)',
      'This block is updated automatically by Carryover; anything outside it is left alone.',
      BLOCK_END,
    ].join('\n');
    const block = renderBlock(content, 'text');
    expect(replaceBlock(`Notes\n\n${old}`, block, 'text')).toBe(`Notes\n\n${block}`);
    const half = old.slice(0, old.lastIndexOf('\n'));
    expect(replaceBlock(`Notes\n\n${half}\n\nMine`, block, 'text')).toBe(`Notes\n\n${block}\n\nMine`);
  });

  test('a stale half of the current wording heals too: the URL line, the count of the rest and the dated note', () => {
    const many = {
      ...content,
      carried: Array.from({ length: 7 }, (_, i) => ({
        text: `Task ${i}`,
        ownerName: 'Bob',
        due: null,
        overdue: false,
      })),
    };
    const full = renderBlock(many, 'text');
    const half = full.slice(0, full.lastIndexOf('\n'));
    const block = renderBlock(content, 'text');
    expect(replaceBlock(`Notes\n\n${half}\n\nMine`, block, 'text')).toBe(`Notes\n\n${block}\n\nMine`);
  });
});
