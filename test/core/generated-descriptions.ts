/**
 * Deterministic event descriptions for property tests of the managed block: join text from the meeting tools people
 * use, notes in many scripts, markup a calendar produces, fragments of our own markers in awkward places, and lines
 * a person wrote that read like the lines of our block.
 */
import { BLOCK_BEGIN, BLOCK_END } from '../../src/core/managed-block.ts';
import type { DescriptionFormat } from '../../src/core/types.ts';

/** mulberry32: a tiny seeded PRNG, so every run sees the same cases and a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ZOOM_TEXT = [
  'Alice Example is inviting you to a scheduled Zoom meeting.',
  '',
  'Join Zoom Meeting',
  'https://us02web.zoom.us/j/81234567890?pwd=aBcDeFgHiJkLmNoP.1',
  '',
  'Meeting ID: 812 3456 7890',
  'Passcode: 424242',
].join('\n');

export const TEAMS_TEXT = [
  '________________________________________________________________________________',
  'Microsoft Teams meeting',
  'Join on your computer, mobile app or room device',
  'Click here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ%40thread.v2/0?context=%7b%22Tid%22%3a%22a1%22%7d>',
  'Meeting ID: 317 555 012 345',
  'Passcode: x7Y8z9',
  '________________________________________________________________________________',
].join('\r\n');

export const MEET_HTML =
  '<br>Join with Google Meet: <a href="https://www.google.com/url?q=https://meet.google.com/abc-defg-hij&amp;sa=D&amp;source=calendar&amp;usd=2&amp;usg=AOvVaw3_x">meet.google.com/abc-defg-hij</a><br>Join by phone<br>(US) +1 347-555-0100 PIN:&nbsp;123&nbsp;456&nbsp;789#';

const COMMON = [
  '',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '\u00a0',
  '\n\n',
  'Notes:',
  'Talk about the Q3 plan',
  'Bring numbers 📈 for 週次レビュー',
  'مراجعة الأهداف الأسبوعية',
  '👩🏽‍💻 café ñ Ω',
  ZOOM_TEXT,
  TEAMS_TEXT,
  'Join with Google Meet: https://meet.google.com/abc-defg-hij',
  BLOCK_BEGIN,
  BLOCK_END,
  '=== Carryover',
  'Carryover 1:1 agenda (updated automatically, edit outside these lines)',
  '=== End of Carryover agenda',
  // Written out, not taken from renderBlock: people quote the block as they read it.
  'No open commitments.',
  'Carried from earlier 1:1s:',
  '- my own list item',
  'Agenda and talking points: https://docs.example.com/our-1-1',
  'This block is updated automatically by Carryover; anything outside it is left alone.',
  '===',
  '====',
  '=',
  'a < b & c > d',
  '<3',
  '&',
  '&amp;',
];

const HTML_ONLY = [
  '<br>',
  '<br/>',
  '<br><br>',
  '<p>',
  '</p>',
  '<b>',
  '</b>',
  '<span style="color: #1a73e8">',
  '</span>',
  '<div>',
  '</div>',
  '<ul><li>an item</li></ul>',
  '&nbsp;',
  '&#61;&#61;&#61;',
  '&equals;',
  '<!-- kept -->',
  MEET_HTML,
  '<a href="https://www.google.com/url?q=https://example.com/doc&amp;sa=D">the doc</a>',
];

/** `count` descriptions of up to `maxPieces` pieces each, suited to `format`, the same for the same seed. */
export function generatedDescriptions(format: DescriptionFormat, count: number, seed: number, maxPieces = 8): string[] {
  const random = seededRandom(seed);
  const pieces = format === 'html' ? [...COMMON, ...HTML_ONLY] : COMMON;
  const descriptions: string[] = [];
  for (let n = 0; n < count; n++) {
    const length = Math.floor(random() * (maxPieces + 1));
    let description = '';
    for (let p = 0; p < length; p++) {
      description += pieces[Math.floor(random() * pieces.length)] ?? '';
    }
    descriptions.push(description);
  }
  return descriptions;
}
