import { randomBytes } from 'node:crypto';
import type { Tx } from '../app/ports.ts';

/**
 * pg-boss 12 stores one queue's jobs per statement, their JSON its one parameter. Given this as
 * its database, it hands the statements here instead of sending them; `sendTo` sends them as one
 * query: one round trip however many queues a change announces to (and, outside a transaction,
 * one implicit transaction). The JSON goes in as a dollar-quoted literal, as pg-boss's own
 * `flow()` inlines it, with a tag the JSON does not contain, so nothing in it can end the literal.
 */
export class StatementBatch {
  private readonly statements: string[] = [];

  /** What pg-boss calls; the ids it asks for come back from `sendTo`, not to it. */
  readonly db = {
    executeSql: async (text: string, values: unknown[] = []) => {
      this.statements.push(inline(text, values));
      return { rows: [] };
    },
  };

  /** How many rows each statement returned, in the order pg-boss gave them. */
  async sendTo(target: Tx): Promise<number[]> {
    if (this.statements.length === 0) return [];
    // Without values node-postgres uses the simple protocol, which takes several statements, and
    // answers with one result for each (a single statement: the result alone).
    const answer: unknown = await target.query(this.statements.join(';\n'));
    return (Array.isArray(answer) ? answer : [answer]).map((r: { rows: unknown[] }) => r.rows.length);
  }
}

function inline(text: string, values: unknown[]): string {
  const [json] = values;
  if (values.length !== 1 || typeof json !== 'string' || (text.match(/\$\d+/g) ?? []).join() !== '$1')
    throw new Error('pg-boss sent a statement other than an insert with one JSON parameter');
  let tag: string;
  do tag = `$j${randomBytes(6).toString('hex')}$`;
  while (json.includes(tag));
  // A function, so that `$&` or `$1` inside the JSON is not read as a replacement pattern.
  return text.replace('$1', () => `${tag}${json}${tag}`);
}
