import type { AgendaView } from '../../agenda/agenda-view.ts';
import type { FormError } from './form-error.tsx';

/** What every agenda section is drawn from. */
export interface AgendaSectionProps {
  readonly view: AgendaView;
  readonly token: string;
  readonly formError?: FormError | undefined;
}
