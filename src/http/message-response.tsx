import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './app-deps.ts';
import { MessagePage } from './views/message-page.tsx';

/** A one-message page as the response, with this response's CSP nonce (without it the page loses its style). */
export async function messageResponse(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  title: string,
  message: string,
): Promise<Response> {
  return c.html(
    <MessagePage title={title} message={message} status={status} nonce={c.get('secureHeadersNonce')} />,
    status,
  );
}
