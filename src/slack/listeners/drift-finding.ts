import { z } from 'zod';
import type { DriftFinding } from '../../domain/drift.ts';
import { ORG_ROLES } from '../../domain/request.ts';
import { EMAIL_MAX } from '../blocks/drift-report.ts';

// A finding's button carries the finding itself (drift-report.ts writes it); a click is checked
// again here, since the value comes back from the client.
const email = z.string().min(1).max(EMAIL_MAX);
const memberId = z.string().regex(/^[0-9a-f-]{1,64}$/i);
const requestId = z.string().regex(/^R-[A-Z0-9]{8}$/);
const findingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('admin_not_granted'), email, memberId }),
  z.object({
    kind: z.literal('unknown_bot_key'),
    keyId: z.number().int(),
    keyName: z.string(),
    requestId,
    projectId: z.string().optional(),
  }),
  z.object({
    kind: z.literal('recorded_key_missing'),
    requestId,
    keyId: z.number().int(),
    projectId: z.string(),
    requesterId: z.string(),
  }),
  z.object({ kind: z.literal('stale_invitation'), email, role: z.string(), invitedAt: z.coerce.date() }),
  z.object({
    kind: z.literal('expired_role'),
    requestId,
    email,
    targetUserId: z.string(),
    role: z.enum(ORG_ROLES),
    expiredAt: z.coerce.date(),
  }),
  z.object({ kind: z.literal('slack_deactivated'), email, memberId, role: z.string() }),
]);

/** The finding a button carries, or undefined for a value this version of the bot did not write. */
export function findingFromButton(value: string): DriftFinding | undefined {
  try {
    const parsed = findingSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
