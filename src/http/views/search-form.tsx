import { MAX_SEARCH_LENGTH } from '../../core/search-query.ts';
import { agendaPath } from './paths.ts';

export interface SearchFormProps {
  /** The link token from the URL: the search runs through the same link, so it sees what the link sees. */
  readonly token: string;
  /** The id of the search box (the agenda header and the search page each have their own). */
  readonly id: string;
  /** What was searched for, to search again from. */
  readonly query?: string | undefined;
  /** The compact form of the agenda's header: its label is read out, not shown (the placeholder and button say it). */
  readonly compact?: boolean | undefined;
  /** Why the search was refused; the box points at it. */
  readonly error?: string | undefined;
}

/** The id of a refused search's message. */
export const SEARCH_ERROR_ID = 'search-error';

/**
 * "Search this 1:1": a GET form, so a search has its own address and works without JavaScript. In a <search>
 * element, which is the search landmark (role="search") without saying it twice.
 */
export function SearchForm({ token, id, query, compact, error }: SearchFormProps) {
  return (
    <search aria-label="This 1:1's history">
      <form method="get" action={agendaPath(token, 'search')}>
        <label for={id}>
          {compact ? <span class="visually-hidden">Search this 1:1's history</span> : "Search this 1:1's history"}
        </label>
        <div class="search-row">
          <input
            type="search"
            id={id}
            name="q"
            value={query ?? ''}
            maxlength={MAX_SEARCH_LENGTH}
            placeholder={compact ? "Search this 1:1's history" : undefined}
            {...(error ? { 'aria-invalid': 'true', 'aria-describedby': SEARCH_ERROR_ID } : {})}
          />
          <button type="submit">Search</button>
        </div>
      </form>
    </search>
  );
}
