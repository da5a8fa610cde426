import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** The public digest: /digest (.json, .txt) and the archive of editions (/digests). */
export const digestRoutes = new Hono<AppEnv>();
