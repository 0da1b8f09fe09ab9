import type { Hono } from 'hono';
import type { AppEnv } from '../app-deps.ts';

/** Registers the feedback routes (rating a meeting, answering its question). */
export function feedbackRoutes(_app: Hono<AppEnv>): void {}
