import type { AgendaView, PersonView } from '../../agenda/agenda-view.ts';
import { type FormError, invalidAttributes } from './form-error.tsx';

/** Ties a form to the meeting on screen, so a change lands on it even when the next meeting has begun since. */
export function OccurrenceField({ occurrenceId }: { readonly occurrenceId: string | null }) {
  return occurrenceId ? <input type="hidden" name="occurrence" value={occurrenceId} /> : null;
}

export interface PersonSelectProps {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly people: readonly PersonView[];
  /** The email chosen; empty leaves the "Choose…" entry selected so nobody is picked by accident. */
  readonly selected: string;
  readonly error: FormError | undefined;
}

/** A required, labelled choice between the two people of the 1:1, by name (the value is the email). */
export function PersonSelect({ id, name, label, people, selected, error }: PersonSelectProps) {
  const known = people.some((person) => person.email === selected);
  return (
    <>
      <label for={id}>{label}</label>
      <select id={id} name={name} required {...invalidAttributes(error, name)}>
        {known ? null : (
          <option value="" selected>
            Choose…
          </option>
        )}
        {people.map((person) => (
          <option value={person.email} selected={person.email === selected}>
            {person.name}
          </option>
        ))}
      </select>
    </>
  );
}

/** The two people of the 1:1, organizer first. */
export function peopleOf(view: AgendaView): readonly PersonView[] {
  return [view.series.organizer, view.series.attendee];
}

/**
 * "I am", on the shared link only: nobody is known there, and what is created should name who added it. The person
 * this browser chose last time (remembered in a cookie per link) is chosen again.
 */
export function AsSelect({
  view,
  id,
  error,
  rememberedAs,
}: {
  readonly view: AgendaView;
  readonly id: string;
  readonly error: FormError | undefined;
  readonly rememberedAs?: string | undefined;
}) {
  if (view.viewer.role !== 'shared') return null;
  return (
    <PersonSelect
      id={id}
      name="as"
      label="I am"
      people={peopleOf(view)}
      selected={error?.values.as ?? rememberedAs ?? ''}
      error={error}
    />
  );
}
