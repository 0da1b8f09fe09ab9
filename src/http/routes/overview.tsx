import type { Hono } from 'hono';
import type { AppEnv } from '../app-deps.ts';

/** Registers the manager's overview and its pause and resume actions. */
export function overviewRoutes(_app: Hono<AppEnv>): void {}
