/** Where an agenda link's page and its forms live; the token is the whole credential, so it goes in every URL. */
export function agendaPath(token: string, ...segments: readonly string[]): string {
  return ['/a', token, ...segments].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join('/');
}

/** The agenda page of one particular meeting. */
export function occurrenceHref(token: string, occurrenceId: string): string {
  return `${agendaPath(token)}?occurrence=${encodeURIComponent(occurrenceId)}`;
}
