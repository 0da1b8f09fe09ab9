/**
 * Cloudflare Workers entry, production (wrangler.toml's top level): real providers only. It holds no emulator code
 * and never runs sandbox mode, whatever the environment says; the demo is src/worker-demo.ts.
 */
import { createWorker } from './worker-runtime.ts';

export type { WorkerEnv } from './worker-runtime.ts';

export default createWorker('production');
