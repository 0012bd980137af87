import { describeError } from '../log/describe-error.ts';
import { createNeonClient } from '../neon/client.ts';
import { NeonError } from '../neon/errors.ts';
import { type Check, fail, ok, skip, warn } from './checklist.ts';
import type { NeonInput } from './inputs.ts';

function neonReason(err: unknown, step: string): string {
  if (!(err instanceof NeonError)) return describeError(err);
  if (err.kind === 'unauthorized') return 'Neon refused NEON_API_KEY (401): mistyped or revoked';
  // Organization and project keys have no user behind them: the usual mix-up.
  if (err.kind === 'forbidden' && step === 'Neon key')
    return `NEON_API_KEY is not a personal key (Neon answered 403: ${err.message})`;
  if (err.kind === 'timeout' || err.kind === 'network') return err.message;
  return `Neon answered ${err.status}: ${err.message}`;
}

/**
 * The fallback key must be an org admin's personal key (Neon takes only those for invitations):
 * whose key it is, that the org is theirs, and their role there, each step needing the one before.
 */
export async function checkNeon(neon: NeonInput): Promise<Check[]> {
  if (!neon.fallbackKey) {
    return [warn('Neon key', 'NEON_API_KEY is not set: requests run only with keys the approving admins connect')];
  }
  const client = createNeonClient({ baseUrl: neon.apiUrl, maxRetries: 1, timeoutMs: 10_000 });
  const api = client.forKey(neon.fallbackKey);
  const checks: Check[] = [];
  let step = 'Neon key';
  try {
    const me = await api.getCurrentUser();
    checks.push(ok(step, `personal key of ${me.email}`));
    if (!neon.orgId.ready)
      return [...checks, skip('Neon org', neon.orgId.waitsFor), skip('Neon admin', neon.orgId.waitsFor)];
    const orgId = neon.orgId.value;
    step = 'Neon org';
    const org = (await api.listMyOrganizations()).find((o) => o.id === orgId);
    if (!org) return [...checks, fail(step, `${me.email} is not a member of ${orgId} (NEON_ORG_ID)`)];
    checks.push(ok(step, `${org.name} (${org.id})`));
    step = 'Neon admin';
    const role = (await api.listMembers(orgId)).find((m) => m.userId === me.id)?.role;
    checks.push(
      role === 'admin'
        ? ok(step, `${me.email} is an admin of ${orgId}`)
        : fail(
            step,
            `${me.email} is ${role ? `a ${role}` : 'not listed'} in ${orgId}: NEON_API_KEY must be an admin's personal key`,
          ),
    );
    return checks;
  } catch (err) {
    return [...checks, fail(step, neonReason(err, step))];
  } finally {
    await client.close();
  }
}
