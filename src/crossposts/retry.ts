import type { Env } from '../common/config.ts';
import { Problem } from '../common/problem.ts';
import { type Delivery, getDelivery, requeueDelivery } from './delivery-store.ts';

/**
 * Puts a failed (or unknown) delivery back in the queue for a fresh series of attempts: a
 * person's decision, from the admin API or the desk. 404 for no such delivery, 409 for one
 * in another state (nothing changes); answers the delivery as it now stands.
 */
export async function retryDelivery(env: Pick<Env, 'DB' | 'CROSSPOSTS'>, id: number, now: number): Promise<Delivery> {
  const delivery = Number.isSafeInteger(id) && id > 0 ? await getDelivery(env.DB, id) : null;
  if (!delivery) throw new Problem(404, `No delivery has the id "${id}".`);
  if (!(await requeueDelivery(env.DB, id, now))) throw new Problem(409, `Delivery ${id} is ${delivery.status}: only a failed or unknown one can be retried.`, [{ field: 'status', message: 'must be failed or unknown' }]);
  await env.CROSSPOSTS.send({ delivery: id });
  return (await getDelivery(env.DB, id))!;
}
