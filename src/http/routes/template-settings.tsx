import type { Hono } from 'hono';
import type { AppEnv } from '../app-deps.ts';

/** Registers the routes that choose and edit a series' template. */
export function templateRoutes(_app: Hono<AppEnv>): void {}
