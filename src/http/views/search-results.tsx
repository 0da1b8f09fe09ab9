import type { SearchResultPlace, SearchResultView } from '../../agenda/history-search.ts';
import type { SnippetPart } from '../../core/search-snippet.ts';
import { agendaPath, occurrenceHref } from './paths.ts';

/** Where a result is shown, through the same link: its meeting's agenda, the current agenda, or the goals page. */
export function searchResultLink(token: string, place: SearchResultPlace): string {
  const page =
    place.page === 'goals'
      ? agendaPath(token, 'goals')
      : place.occurrenceId
        ? occurrenceHref(token, place.occurrenceId)
        : agendaPath(token);
  return `${page}#${encodeURIComponent(place.anchor)}`;
}

/** A snippet: the person's text as text (escaped like any other), the matched words in <mark>. */
export function Snippet({ parts }: { readonly parts: readonly SnippetPart[] }) {
  return <>{parts.map((part) => (part.match ? <mark>{part.text}</mark> : part.text))}</>;
}

/** Which meeting (or goal) a result belongs to, with a cancelled or declined meeting said so. */
function ResultContext({ result }: { readonly result: SearchResultView }) {
  const { occurrence } = result;
  if (occurrence) {
    return (
      <>
        {occurrence.when}
        {occurrence.cancelled ? (
          <>
            {' '}
            <span class="badge badge-cancelled">cancelled</span>
          </>
        ) : null}
        {occurrence.declinedBy ? (
          <>
            {' '}
            <span class="badge badge-cancelled">declined by {occurrence.declinedBy.name}</span>
          </>
        ) : null}
      </>
    );
  }
  if (result.goal) return <>of the goal “{result.goal}”</>;
  if (result.kind === 'commitment') return <>made between meetings</>;
  return null;
}

/** The results, best first, each labelled with its kind and meeting, its snippet linking to where it is. */
export function SearchResults({
  results,
  token,
}: {
  readonly results: readonly SearchResultView[];
  readonly token: string;
}) {
  return (
    <ol class="results">
      {results.map((result) => (
        <li>
          <p class="result-meta">
            <span class="badge badge-kind">{result.label}</span> <ResultContext result={result} />
          </p>
          <p class="result-text">
            <a href={searchResultLink(token, result.place)}>
              <Snippet parts={result.snippet} />
            </a>
          </p>
        </li>
      ))}
    </ol>
  );
}
