import type { Hono } from 'hono';
import type { AppEnv } from '../app-deps.ts';

/** Registers the development goal routes. */
export function goalRoutes(_app: Hono<AppEnv>): void {}
