import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** Admin API for digest runs: run now, list runs, preview. */
export const digestAdmin = new Hono<AppEnv>();
