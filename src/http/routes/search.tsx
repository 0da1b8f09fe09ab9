import type { Hono } from 'hono';
import type { AppEnv } from '../app-deps.ts';

/** Registers the search of a pair's history. */
export function searchRoutes(_app: Hono<AppEnv>): void {}
