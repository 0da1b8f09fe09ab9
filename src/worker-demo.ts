/**
 * Cloudflare Workers entry, demo (`wrangler … --env demo`): sandbox mode only. The emulators do not run inside the
 * Worker — an isolate's memory lasts no longer than the isolate, and a Worker cannot call itself over its own URL —
 * so the demo reaches a standalone sandbox (`npm run sandbox`) at SANDBOX_URL. Without SANDBOX_URL it offers the
 * demo 1:1 only (no calendar to connect).
 */
import { createWorker } from './worker-runtime.ts';

export default createWorker('demo');
