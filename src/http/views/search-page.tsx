import type { Child } from 'hono/jsx';
import type { HistorySearchView } from '../../agenda/history-search.ts';
import { Layout } from './layout.tsx';
import { agendaPath } from './paths.ts';
import { SEARCH_ERROR_ID, SearchForm } from './search-form.tsx';
import { SearchResults } from './search-results.tsx';

export interface SearchPageProps {
  readonly view: HistorySearchView;
  /** The link token from the URL: results link back through it. */
  readonly token: string;
  readonly nonce?: string | undefined;
}

export interface SearchErrorPageProps {
  /** The series' title, for the page's title. */
  readonly title: string;
  readonly token: string;
  /** What was typed, given back to correct. */
  readonly query: string;
  readonly message: string;
  readonly nonce?: string | undefined;
}

/** The search page of one 1:1: the form, what it searches, and the results (or that there are none). */
export function SearchPage({ view, token, nonce }: SearchPageProps) {
  const { query, results } = view;
  return (
    <SearchLayout title={view.series.title} token={token} nonce={nonce}>
      <p>
        1:1 of {view.series.people[0]} and {view.series.people[1]}
      </p>
      <SearchForm token={token} id="search-q" query={query} />
      <WhatIsSearched includesGoals={view.includesGoals} />
      {!view.searched ? null : results.length === 0 ? (
        <p role="status" class="guide">
          No matches for “{query}”. Try fewer words, or another form of a word.
        </p>
      ) : (
        <section id="results" aria-labelledby="results-title">
          <h2 id="results-title">
            {results.length === view.limit
              ? `The best ${view.limit} matches for “${query}”`
              : `${results.length} ${results.length === 1 ? 'match' : 'matches'} for “${query}”`}
          </h2>
          <p class="muted">
            Best matches first. Meeting times in {view.timeZone}.
            {results.length === view.limit ? ' Add words to narrow the search.' : null}
          </p>
          <SearchResults results={results} token={token} />
        </section>
      )}
    </SearchLayout>
  );
}

/** The search page answering a refused search (400): the message, and the form with what was typed. */
export function SearchErrorPage({ title, token, query, message, nonce }: SearchErrorPageProps) {
  return (
    <SearchLayout title={title} token={token} nonce={nonce}>
      <div role="alert" id={SEARCH_ERROR_ID} class="alert" tabindex={-1} autofocus>
        <strong>Not searched.</strong> {message}
      </div>
      <SearchForm token={token} id="search-q" query={query} error={message} />
    </SearchLayout>
  );
}

function SearchLayout({
  title,
  token,
  nonce,
  children,
}: {
  readonly title: string;
  readonly token: string;
  readonly nonce?: string | undefined;
  readonly children?: Child;
}) {
  return (
    <Layout title={`Search · ${title}`} nonce={nonce}>
      <nav aria-label="Back">
        <a href={agendaPath(token)}>
          <span aria-hidden="true">← </span>Back to the agenda
        </a>
      </nav>
      <h1>Search {title}</h1>
      {children}
    </Layout>
  );
}

/** Says what a search reaches from this link and what it never does, and how to write one. */
function WhatIsSearched({ includesGoals }: { readonly includesGoals: boolean }) {
  return (
    <>
      <p class="muted">
        Searches the talking points, agendas (deep dive, shared notes, decisions) and commitments of every meeting of
        this 1:1
        {includesGoals
          ? ', and the development goals you two keep, with their milestones.'
          : '. Development goals are searched from each person’s own link, not from this shared one.'}{' '}
        Private notes are sealed, so they are never searched.
      </p>
      <p class="muted search-tips">
        Words match in any form (hire, hiring, hired). <code>"code review"</code> finds words together;{' '}
        <code>-budget</code> leaves out what mentions budget.
      </p>
    </>
  );
}
