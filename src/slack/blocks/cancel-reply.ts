import type { CancelResult } from '../../services/cancel.ts';
import { deciderPhrase } from './describe.ts';
import type { Reply } from './replies.ts';

export function cancelReply(requestId: string, result: CancelResult, slash: string): Reply {
  if (result.ok) return { text: `:wastebasket: Request \`${result.request.id}\` is withdrawn; its card now says so.` };
  switch (result.code) {
    case 'not_yours':
      return {
        text: `\`${requestId}\` is not one of your requests: only the person who asked can withdraw one. \`${slash} mine\` lists yours.`,
      };
    case 'not_pending': {
      const r = result.request;
      const by = r.decidedBy ? ` (decided by ${deciderPhrase(r.decidedBy)})` : '';
      return { text: `Request \`${r.id}\` is already *${r.status}*${by}, so it can no longer be withdrawn.` };
    }
  }
}
