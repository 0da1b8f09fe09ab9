import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AgendaProblem } from '../agenda/outcome.ts';

/** The JSON error body every endpoint answers with: a machine code, a sentence for people, the field if one. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly field?: string;
}

/** The HTTP status and body for a problem an agenda command reported. */
export function problemResponse(problem: AgendaProblem): { status: ContentfulStatusCode; body: ErrorBody } {
  switch (problem.kind) {
    // Messages are sentences for people (a page shows them as they are); `field` names the field for programs.
    case 'invalid':
      return { status: 400, body: { error: 'invalid', field: problem.field, message: problem.message } };
    case 'past-due':
      return {
        status: 400,
        body: {
          error: 'past_due',
          field: problem.field,
          message: `${problem.message} To save it anyway, send "allowPastDue": true.`,
        },
      };
    case 'conflict':
      return { status: 409, body: { error: problem.code, message: problem.message } };
    case 'not-found':
      return { status: 404, body: { error: 'not_found', message: problem.message } };
    case 'forbidden':
      return { status: 403, body: { error: 'forbidden', message: problem.message } };
    case 'no-occurrence':
      return { status: 409, body: { error: 'no_occurrence', message: problem.message } };
  }
}
