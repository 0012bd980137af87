import { describe, expect, it } from 'vitest';
import { eventually, PEOPLE, useHarness } from '../support/bot-harness.ts';
import { conversation, newPerson, requestIdIn } from '../support/conversation.ts';
import { scrapeMetrics } from '../support/prometheus.ts';

const h = useHarness();
const talk = conversation(h);

const scrape = () => scrapeMetrics(h.bot.port);

/** A scrape once `name{labels}` reads `value`: the bot counts just after the commit a test can already see. */
const scrapeOnce = (name: string, labels: Record<string, string>, value: number) =>
  eventually(
    async () => {
      const s = await scrape();
      return s.value(name, labels) === value ? s : undefined;
    },
    5_000,
    `${name} to read ${value}`,
  );
const JOB_MS = 20_000;

describe('GET /metrics', () => {
  it('after an approved invitation: its outcome, both latencies, every Neon attempt by status, the queues', async () => {
    const { user } = newPerson(h, 'UMETRICS1', 'meg');
    const id = requestIdIn(await talk.ask(user.id, 'invite member'));
    const card = await talk.card(id);
    const asked = await scrape();
    // The ask stored its expiry and its reminder as jobs for later.
    expect(asked.value('nab_queue_depth', { queue: 'expire-request' })).toBe(1);
    expect(asked.value('nab_queue_depth', { queue: 'remind-approvers' })).toBe(1);
    expect(asked.value('nab_requests_total', { kind: 'invite', outcome: 'done' })).toBeUndefined();

    // Neon is briefly overloaded: the client tries again, and both attempts are counted.
    h.neon.failNext('createOrganizationInvitations', { status: 503 });
    await talk.approve(PEOPLE.admin.id, card);
    await talk.status(id, 'done', JOB_MS);

    const done = await scrapeOnce('nab_requests_total', { kind: 'invite', outcome: 'done' }, 1);
    expect(done.value('nab_decision_seconds_count', { kind: 'invite', decision: 'approved' })).toBe(1);
    expect(done.value('nab_execution_seconds_count', { kind: 'invite', outcome: 'done' })).toBe(1);
    expect(done.value('nab_execution_seconds_sum', { kind: 'invite', outcome: 'done' })).toBeGreaterThan(0);
    expect(done.value('nab_neon_calls_total', { operation: 'createOrganizationInvitations', status: '503' })).toBe(1);
    expect(done.value('nab_neon_calls_total', { operation: 'createOrganizationInvitations', status: '200' })).toBe(1);
    // Every request the emulator received was counted once: nothing reaches Neon around the client.
    expect(done.sum('nab_neon_calls_total')).toBe(h.neon.requests.length);
    expect(done.value('nab_queue_depth', { queue: 'execute-request' })).toBe(0);
    // prom-client's process metrics come along.
    expect(done.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('a cancelled ask counts as cancelled, with no decision latency', async () => {
    const { user } = newPerson(h, 'UMETRICS2', 'max');
    const before = await scrape();
    const id = requestIdIn(await talk.ask(user.id, 'invite member'));
    await talk.card(id);
    await talk.ask(user.id, `cancel ${id}`);
    await talk.status(id, 'cancelled');
    const after = await scrapeOnce('nab_requests_total', { kind: 'invite', outcome: 'cancelled' }, 1);
    expect(after.sum('nab_decision_seconds_count')).toBe(before.sum('nab_decision_seconds_count'));
  });
});
