import type { JobHandlers } from '../app/ports.ts';
import type { ServiceContext } from '../services/context.ts';
import { endGrant } from './end-grant.ts';
import { escalateRequest } from './escalate-request.ts';
import { executeRequest } from './execute-request.ts';
import { expireRequest } from './expire-request.ts';
import { nudgeApprovers } from './nudge-approvers.ts';
import { postAudit } from './post-audit.ts';
import { purgeKeySecret } from './purge-key-secret.ts';
import { reconcile } from './reconcile.ts';
import { remindApprovers } from './remind-approvers.ts';
import { syncCards } from './sync-cards.ts';
import { syncHome } from './sync-home.ts';
import { tellRequester } from './tell-requester.ts';
import { warnGrant } from './warn-grant.ts';

/**
 * One handler per queue, each in the file named after it. Workers may find leftover jobs the
 * moment they start, so each waits for the context, which exists only once the queue does.
 */
export function jobHandlers(context: Promise<ServiceContext>): JobHandlers {
  return {
    'execute-request': async (run) => executeRequest(await context, run),
    'expire-request': async (run) => expireRequest(await context, run),
    'remind-approvers': async (run) => remindApprovers(await context, run),
    'escalate-request': async (run) => escalateRequest(await context, run),
    'nudge-approvers': async (run) => nudgeApprovers(await context, run),
    'end-grant': async (run) => endGrant(await context, run),
    'warn-grant': async (run) => warnGrant(await context, run),
    'purge-key-secret': async (run) => purgeKeySecret(await context, run),
    'sync-cards': async (run) => syncCards(await context, run),
    'post-audit': async (run) => postAudit(await context, run),
    'tell-requester': async (run) => tellRequester(await context, run),
    'sync-home': async (run) => syncHome(await context, run),
    reconcile: async (run) => reconcile(await context, run),
  };
}
