/**
 * What other capabilities (and, later, the desk) use of the editors capability: the access
 * check for an actor, and recording an action in the audit log.
 */
export { mayCall, apiAccess } from './access.ts';
export { recordAction, auditTrail, type Action } from './audit.ts';
export { API_ROUTES, matchApiRoute, type Need } from './api-routes.ts';
