import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** Subscribe, confirm, preferences and one-click unsubscribe. */
export const subscriptionRoutes = new Hono<AppEnv>();
