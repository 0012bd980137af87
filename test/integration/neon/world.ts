import { expect } from 'vitest';
import { type NeonEmulator, type NeonEmulatorOptions, startNeonEmulator } from '../../../sandbox/neon/index.ts';
import { createNeonClient, type NeonClient, type NeonClientOptions } from '../../../src/neon/client.ts';
import { NeonError } from '../../../src/neon/errors.ts';
import { useScoped } from '../../support/scoped.ts';

export interface World {
  emulator: NeonEmulator;
  client: NeonClient;
  orgId: string;
  admin: { id: string; personalKey: string };
  member: { id: string; personalKey: string };
  orgKey: string;
  close(): Promise<void>;
}

/** An org with one admin (Ada), one member (Bob), an org-wide key, and a client with fast retries. */
export async function startWorld(
  clientOptions: Partial<NeonClientOptions> = {},
  emulatorOptions: NeonEmulatorOptions = {},
): Promise<World> {
  const emulator = await startNeonEmulator(emulatorOptions);
  const admin = emulator.addUser({ email: 'Ada@Example.com', name: 'Ada Lovelace' });
  emulator.addMember(admin.id, 'admin');
  const member = emulator.addUser({ email: 'bob@example.com', name: 'Bob Builder' });
  emulator.addMember(member.id, 'member');
  const orgKey = emulator.addOrgApiKey({ name: 'ci' });
  const client = createNeonClient({ baseUrl: emulator.url, retryBaseMs: 5, timeoutMs: 2_000, ...clientOptions });
  return {
    emulator,
    client,
    orgId: emulator.orgId,
    admin,
    member,
    orgKey,
    close: async () => {
      await client.close();
      await emulator.close();
    },
  };
}

/** A world for the tests of the enclosing describe block (or file); at the end, the emulator must have seen no contract violation. */
export function useWorld(emulatorOptions: NeonEmulatorOptions = {}): World {
  return useScoped(
    () => startWorld({}, emulatorOptions),
    async (w) => {
      expect(w.emulator.contractViolations).toEqual([]);
      await w.close();
    },
  );
}

/** The NeonError a promise rejects with (fails the test on anything else). */
export async function neonError(promise: Promise<unknown>): Promise<NeonError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof NeonError)) throw new Error(`expected a NeonError, got ${String(err)}`);
  return err;
}

/** Everything an error would show in a log line. */
export function printable(err: Error): string {
  return `${JSON.stringify({ ...err })} ${err.message} ${err.stack ?? ''} ${String(err.cause ?? '')}`;
}

export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function requestsFor(emulator: NeonEmulator, operationId: string) {
  return emulator.requests.filter((r) => r.operationId === operationId);
}
