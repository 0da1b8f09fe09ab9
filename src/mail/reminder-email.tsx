import { formatMeetingTime } from '../core/time.ts';
import type { OutgoingMail } from '../providers/provider.ts';
import {
  Button,
  EmailLayout,
  Heading,
  List,
  OWN_LINK_WARNING,
  OwnLinkFooter,
  Paragraph,
  renderEmail,
} from './layout.tsx';
import {
  CommitmentItem,
  type CommitmentLine,
  commitmentText,
  type MeetingEmailInput,
  TopicItem,
  type TopicLine,
  textSection,
  topicText,
} from './lines.tsx';
import { startsRelative } from './when.ts';

/** Everything a reminder says, already resolved to names and formatted dates (a template reads nothing). */
export interface ReminderEmailInput extends MeetingEmailInput {
  /** Whether the recipient is the report (the attendee), invited to add their talking points. */
  readonly recipientIsReport: boolean;
  readonly now: Date;
  /** Commitments carried into this meeting, still open. */
  readonly carried: readonly CommitmentLine[];
  /** The talking points added so far. */
  readonly topics: readonly TopicLine[];
}

/**
 * The reminder before a meeting: when it is, what is on the agenda so far, what is carried into it, and — to the
 * report — an invitation to add their talking points (the manager's copy says the report was invited).
 */
export async function reminderEmail(input: ReminderEmailInput): Promise<OutgoingMail> {
  const starts = startsRelative(input.startsAt, input.now, input.timeZone);
  const when = formatMeetingTime(input.startsAt, input.endsAt, input.timeZone);
  const other = input.other.name;
  const ask = input.recipientIsReport
    ? `Add your talking points before the meeting: ${other} sees them on the agenda.`
    : `${other} was invited to add their talking points too; add yours on the agenda.`;
  const subject = `${starts}: your 1:1 with ${other} — ${input.recipientIsReport ? 'add your talking points' : 'the agenda so far'}`;
  const action = input.recipientIsReport ? 'Add your talking points' : 'Open the agenda';
  const noTopics = 'No talking points yet.';

  const html = await renderEmail(
    <EmailLayout title={subject} preheader={`${input.title}, ${when}. ${ask}`}>
      <Paragraph>Hi {input.recipient.name},</Paragraph>
      <Paragraph>
        Your 1:1 with {other}, “{input.title}”, is <strong>{when}</strong>.
      </Paragraph>
      <Paragraph>{ask}</Paragraph>
      <Button href={input.link}>{action}</Button>
      <Heading>Talking points so far</Heading>
      {input.topics.length > 0 ? (
        <List items={input.topics.map((line) => <TopicItem line={line} />)} />
      ) : (
        <Paragraph muted>{noTopics}</Paragraph>
      )}
      {input.carried.length > 0 ? (
        <>
          <Heading>Carried into this meeting</Heading>
          <List items={input.carried.map((line) => <CommitmentItem line={line} />)} />
        </>
      ) : null}
      <OwnLinkFooter href={input.link} />
    </EmailLayout>,
  );
  const text = [
    `Hi ${input.recipient.name},`,
    '',
    `Your 1:1 with ${other}, "${input.title}", is ${when}.`,
    ask,
    '',
    `${action}: ${input.link}`,
    ...textSection('Talking points so far', input.topics.length > 0 ? input.topics.map(topicText) : [noTopics]),
    ...textSection('Carried into this meeting', input.carried.map(commitmentText)),
    '',
    OWN_LINK_WARNING,
  ].join('\n');
  return { to: [{ email: input.recipient.email, name: input.recipient.name }], subject, text, html };
}
