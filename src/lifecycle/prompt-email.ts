import { formatMeetingTime } from '../core/time.ts';
import type { CarriedCommitment } from '../core/types.ts';
import type { OutgoingMail } from '../providers/provider.ts';

export interface PromptEmailInput {
  readonly title: string;
  readonly recipient: { readonly email: string; readonly name: string };
  readonly other: { readonly name: string };
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly timeZone: string;
  /** The recipient's own link to this meeting's page. */
  readonly link: string;
  /** Open commitments, to mark done if they were. */
  readonly open: readonly { readonly carried: CarriedCommitment; readonly ownerName: string }[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The after-meeting prompt: record what was agreed (what, who, by when) and close what got done. */
export function promptEmail(input: PromptEmailInput): OutgoingMail {
  const when = formatMeetingTime(input.startsAt, input.endsAt, input.timeZone);
  const subject = `Your 1:1 with ${input.other.name}: record what you agreed`;
  const lines = input.open.map(
    ({ carried, ownerName }) =>
      `- ${carried.commitment.text} (${ownerName}${carried.commitment.due ? `, due ${carried.commitment.due}` : ''}${carried.overdue ? ', overdue' : ''})`,
  );
  const text = [
    `Hi ${input.recipient.name},`,
    '',
    `"${input.title}" (${when}) has ended.`,
    'Take a minute to record the next steps you agreed: what, who owns it, and by when.',
    ...(lines.length > 0 ? ['', 'Still open from earlier 1:1s (mark them done if they are):', ...lines] : []),
    '',
    `Your link: ${input.link}`,
    '',
    'This link is yours: it also holds your private notes. Please do not forward it.',
  ].join('\n');
  const items = input.open
    .map(
      ({ carried, ownerName }) =>
        `<li>${escapeHtml(carried.commitment.text)} — ${escapeHtml(ownerName)}${
          carried.commitment.due ? `, due ${escapeHtml(carried.commitment.due)}` : ''
        }${carried.overdue ? ' <b>(overdue)</b>' : ''}</li>`,
    )
    .join('');
  const html = [
    `<p>Hi ${escapeHtml(input.recipient.name)},</p>`,
    `<p>“${escapeHtml(input.title)}” (${escapeHtml(when)}) has ended. Take a minute to record the next steps you agreed: what, who owns it, and by when.</p>`,
    items ? `<p>Still open from earlier 1:1s (mark them done if they are):</p><ul>${items}</ul>` : '',
    `<p><a href="${escapeHtml(input.link)}">Record next steps</a></p>`,
    '<p style="color:#555">This link is yours: it also holds your private notes. Please do not forward it.</p>',
  ].join('\n');
  return { to: [{ email: input.recipient.email, name: input.recipient.name }], subject, text, html };
}
