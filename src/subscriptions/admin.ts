import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** Admin API for subscribers: list, CSV export and import, erase. */
export const subscriberAdmin = new Hono<AppEnv>();
