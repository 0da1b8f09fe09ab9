import type { AgendaView } from '../../agenda/agenda-view.ts';
import type { FormError } from './form-error.tsx';
import type { Notice } from './notice.ts';

/** What every agenda section is drawn from. */
export interface AgendaSectionProps {
  readonly view: AgendaView;
  readonly token: string;
  readonly formError?: FormError | undefined;
  /** The confirmation a form's redirect brought back, shown where it belongs. */
  readonly notice?: Notice | undefined;
  /** On the shared link: who this browser said it was last time ("I am"), to choose them again by default. */
  readonly rememberedAs?: string | undefined;
}
