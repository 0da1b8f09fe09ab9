import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { describeError, log } from '../observability/log.ts';
import type { AppDeps, AppEnv } from './app-deps.ts';
import { messageResponse } from './message-response.tsx';
import { pageSecurity } from './middleware/page-security.ts';
import { redactPath, requestLog } from './middleware/request-log.ts';
import { resendPrompt, resendPromptFromAgenda, retryDeadJob } from './routes/account-actions.ts';
import { commitmentDeletion, topicDeletion } from './routes/agenda-deletes.tsx';
import {
  patchAgenda,
  patchCommitment,
  patchTopic,
  postCommitment,
  postTopic,
  putPrivateNote,
} from './routes/agenda-mutations.ts';
import { getAgenda } from './routes/agenda-page.tsx';
import { accountPage, finishConnect, startConnect } from './routes/connect.tsx';
import { confirmDeleteMyData, deleteMyData } from './routes/delete-my-data.tsx';
import { deleteDemo, postDemo } from './routes/demo.ts';
import { confirmDisconnect, disconnect } from './routes/disconnect.tsx';
import { getExport } from './routes/export.ts';
import { feedbackRoutes } from './routes/feedback.tsx';
import { goalRoutes } from './routes/goals.tsx';
import { healthz, readyz } from './routes/health.ts';
import { metricsRoute } from './routes/metrics.ts';
import { overviewRoutes } from './routes/overview.tsx';
import { searchRoutes } from './routes/search.tsx';
import { patchReminders } from './routes/series-settings.ts';
import { templateRoutes } from './routes/template-settings.tsx';
import { googleWebhook, microsoftLifecycle, microsoftWebhook } from './routes/webhooks.ts';
import { HomePage } from './views/home-page.tsx';

/** Largest request body accepted: a 1:1 agenda edit is a few kilobytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Builds the Carryover HTTP app from its parts; the Node and Workers entries and the tests all call this. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const origin = new URL(deps.baseUrl).origin;

  // First: every answer, refusals included, carries X-Request-Id and gets its one log line.
  app.use(requestId({ limitLength: 128 }));
  app.use(requestLog());
  app.use(async function provideDeps(c, next) {
    c.set('deps', deps);
    await next();
  });
  app.use(pageSecurity());
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json({ error: 'payload_too_large', message: `bodies are limited to ${MAX_BODY_BYTES} bytes` }, 413),
    }),
  );
  // Forms may only be posted from Carryover's own pages (behind a proxy the request URL and BASE_URL may differ).
  // Not on webhooks or the sandbox's token endpoint: servers post there, with no Origin header.
  const sameOrigin = csrf({
    origin: (requestOrigin, c) => requestOrigin === origin || requestOrigin === new URL(c.req.url).origin,
  });
  // Only POST needs it: a browser sends DELETE, PATCH or PUT to another site only after a CORS preflight, which
  // Carryover never grants, so a program's `DELETE` with no body (Hono would judge it as text/plain) is not refused.
  const formPostsOnly: MiddlewareHandler = (c, next) => (c.req.method === 'POST' ? sameOrigin(c, next) : next());
  for (const path of ['/a/*', '/demo', '/disconnect', '/account/*', '/overview/*']) app.use(path, formPostsOnly);

  app.get('/healthz', healthz);
  app.get('/readyz', readyz);
  // Off unless METRICS_TOKEN is set: counts of provider calls and accounts are not for everyone.
  if (deps.metricsToken) app.get('/metrics', metricsRoute(deps.metricsToken));

  app.get('/', (c) =>
    c.html(<HomePage sandbox={deps.sandbox} providers={deps.providers} nonce={c.get('secureHeadersNonce')} />),
  );
  if (deps.sandbox) app.post('/demo', postDemo);

  if (deps.sandboxRoutes) app.route('/', deps.sandboxRoutes);
  app.get('/connect/:provider', startConnect);
  app.get('/oauth/:provider/callback', finishConnect);
  app.get('/account', accountPage);
  app.post('/account/prompts/:id/resend', resendPrompt);
  app.post('/account/jobs/:id/retry', retryDeadJob);
  app.get('/disconnect', confirmDisconnect);
  app.post('/disconnect', disconnect);
  app.get('/account/delete', confirmDeleteMyData).post('/account/delete', deleteMyData);
  app.post('/webhooks/google', googleWebhook);
  app.post('/webhooks/microsoft', microsoftWebhook);
  app.post('/webhooks/microsoft/lifecycle', microsoftLifecycle);

  app.get('/a/:token', getAgenda);
  app.post('/a/:token/topics', postTopic);
  app.on(['PATCH', 'POST'], '/a/:token/topics/:id', patchTopic);
  app.delete('/a/:token/topics/:id', topicDeletion.json);
  app.get('/a/:token/topics/:id/delete', topicDeletion.page);
  app.post('/a/:token/topics/:id/delete', topicDeletion.post);
  app.post('/a/:token/commitments', postCommitment);
  app.on(['PATCH', 'POST'], '/a/:token/commitments/:id', patchCommitment);
  app.delete('/a/:token/commitments/:id', commitmentDeletion.json);
  app.get('/a/:token/commitments/:id/delete', commitmentDeletion.page);
  app.post('/a/:token/commitments/:id/delete', commitmentDeletion.post);
  app.on(['PATCH', 'POST'], '/a/:token/agenda', patchAgenda);
  app.on(['PUT', 'POST'], '/a/:token/private-note', putPrivateNote);
  app.on(['DELETE', 'POST'], '/a/:token/demo', deleteDemo);
  app.on(['PATCH', 'POST'], '/a/:token/reminders', patchReminders);
  app.post('/a/:token/prompts/:id/resend', resendPromptFromAgenda);
  app.get('/a/:token/export', getExport);
  // Beyond one meeting (issue 13): each part registers its own routes.
  feedbackRoutes(app);
  goalRoutes(app);
  templateRoutes(app);
  searchRoutes(app);
  overviewRoutes(app);

  app.notFound((c) => {
    if (!(c.req.header('accept') ?? '').includes('text/html')) {
      return c.json({ error: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }, 404);
    }
    return messageResponse(c, 404, 'Not found', 'There is no page here.');
  });
  app.onError((error, c) => {
    // Middleware refusals (CSRF origin check, body limit) are answers, not failures.
    if (error instanceof HTTPException) {
      return c.json({ error: error.status === 403 ? 'forbidden' : 'rejected', message: error.message }, error.status);
    }
    log.error('http.error', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: redactPath(new URL(c.req.url).pathname),
      error: describeError(error),
      stack: error instanceof Error ? error.stack?.split('\n').slice(1, 8).join(' | ') : undefined,
    });
    return c.json({ error: 'internal', message: 'something went wrong on our side; nothing was changed' }, 500);
  });
  return app;
}
