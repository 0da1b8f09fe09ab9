import { firstName, RATINGS, ratingLabel } from '../core/feedback-questions.ts';
import { formatMeetingTime } from '../core/time.ts';
import type { OutgoingMail } from '../providers/provider.ts';
import {
  Button,
  ChoiceLinks,
  EmailLayout,
  Heading,
  Lines,
  List,
  OWN_LINK_WARNING,
  OwnLinkFooter,
  Paragraph,
  renderEmail,
} from './layout.tsx';
import {
  CommitmentItem,
  type CommitmentLine,
  clipped,
  commitmentText,
  type MeetingEmailInput,
  TopicItem,
  type TopicLine,
  textSection,
  topicText,
} from './lines.tsx';

/**
 * Everything a recap says, already resolved to names and formatted dates. Only what both people share: the
 * agenda's private notes are never part of it.
 */
export interface RecapEmailInput extends MeetingEmailInput {
  /** The meeting's talking points, resolved or not. */
  readonly topics: readonly TopicLine[];
  readonly deepDive: string;
  readonly sharedNotes: string;
  readonly decisions: string;
  /** Next steps recorded at this meeting so far. */
  readonly nextSteps: readonly CommitmentLine[];
  /** Commitments from earlier meetings still open. */
  readonly stillOpen: readonly CommitmentLine[];
  /**
   * The recipient's own page for rating this meeting (`…/feedback?occurrence=…`); each of the 1–5 links adds its
   * `&rating=N`. Opening it saves nothing (mail scanners open every link): the person presses Save there.
   */
  readonly feedbackLink: string;
}

/** Subjects of recaps start so (tests and filters tell them from reminders by it). */
export const RECAP_SUBJECT_START = 'Recap of your 1:1 with';

/**
 * The recap after a meeting, which is also the prompt: what was discussed and written down, what is still open, and
 * one action — record the next steps (what, who, by when) and close what got done.
 */
export async function recapEmail(input: RecapEmailInput): Promise<OutgoingMail> {
  const when = formatMeetingTime(input.startsAt, input.endsAt, input.timeZone);
  const subject = `${RECAP_SUBJECT_START} ${input.other.name} — record next steps`;
  const ask =
    input.nextSteps.length > 0
      ? 'Check the next steps below and add any that are missing: what, who owns it, and by when.'
      : 'Take a minute to record the next steps you agreed: what, who owns it, and by when.';
  const deepDive = clipped(input.deepDive);
  const sharedNotes = clipped(input.sharedNotes);
  const decisions = clipped(input.decisions);
  const ratings = RATINGS.map((rating) => ({
    href: `${input.feedbackLink}&rating=${rating}`,
    label: ratingLabel(rating),
  }));
  const rateAsk = `Rate it from 1 to 5 and answer one question. What you say is yours alone unless you share it with ${firstName(input.other.name)}.`;

  const html = await renderEmail(
    <EmailLayout title={subject} preheader={`${input.title}, ${when}. ${ask}`}>
      <Paragraph>Hi {input.recipient.name},</Paragraph>
      <Paragraph>
        Your 1:1 with {input.other.name}, “{input.title}”, on {when}, has ended. {ask}
      </Paragraph>
      <Button href={input.link}>Record next steps</Button>
      {input.topics.length > 0 ? (
        <>
          <Heading>Talking points</Heading>
          <List items={input.topics.map((line) => <TopicItem line={line} />)} />
        </>
      ) : null}
      {deepDive ? (
        <>
          <Heading>Deep dive</Heading>
          <Lines text={deepDive} />
        </>
      ) : null}
      {sharedNotes ? (
        <>
          <Heading>Shared notes</Heading>
          <Lines text={sharedNotes} />
        </>
      ) : null}
      {decisions ? (
        <>
          <Heading>Decisions</Heading>
          <Lines text={decisions} />
        </>
      ) : null}
      <Heading>Next steps recorded</Heading>
      {input.nextSteps.length > 0 ? (
        <List items={input.nextSteps.map((line) => <CommitmentItem line={line} />)} />
      ) : (
        <Paragraph muted>None yet.</Paragraph>
      )}
      {input.stillOpen.length > 0 ? (
        <>
          <Heading>Still open from earlier 1:1s</Heading>
          <Paragraph muted>Mark them done on the agenda if they are.</Paragraph>
          <List items={input.stillOpen.map((line) => <CommitmentItem line={line} />)} />
        </>
      ) : null}
      <Heading>How was this 1:1?</Heading>
      <Paragraph muted>{rateAsk}</Paragraph>
      <ChoiceLinks links={ratings} />
      <OwnLinkFooter href={input.link} />
    </EmailLayout>,
  );
  const text = [
    `Hi ${input.recipient.name},`,
    '',
    `Your 1:1 with ${input.other.name}, "${input.title}", on ${when}, has ended.`,
    ask,
    '',
    `Record next steps: ${input.link}`,
    ...textSection('Talking points', input.topics.map(topicText)),
    ...textSection('Deep dive', deepDive ? [deepDive] : []),
    ...textSection('Shared notes', sharedNotes ? [sharedNotes] : []),
    ...textSection('Decisions', decisions ? [decisions] : []),
    ...textSection(
      'Next steps recorded',
      input.nextSteps.length > 0 ? input.nextSteps.map(commitmentText) : ['None yet.'],
    ),
    ...textSection('Still open from earlier 1:1s (mark them done if they are)', input.stillOpen.map(commitmentText)),
    ...textSection('How was this 1:1?', [rateAsk, ...ratings.map(({ href, label }) => `${label}: ${href}`)]),
    '',
    OWN_LINK_WARNING,
  ].join('\n');
  return { to: [{ email: input.recipient.email, name: input.recipient.name }], subject, text, html };
}
