import pg from 'pg';

/** The first half of every key (the second is the name's hash), so these locks meet no other advisory lock. */
const NAMESPACE = 0x6e616201;

export interface RunLocksOptions {
  databaseUrl: string;
  timeoutMs: number;
  onConnectionLost: (err: Error, held: number) => void;
}

/**
 * "Only one at a time, across every replica", for work that outlives a transaction (a Neon call):
 * session advisory locks, all on one connection of this process's own, so a process that dies
 * releases them with its connection. In this process a set answers first (a session's advisory
 * locks are re-entrant, so the database alone would let two of our own workers in).
 */
export class RunLocks {
  private readonly opts: RunLocksOptions;
  private readonly held = new Set<string>();
  private client: Promise<pg.Client> | undefined;
  /** The connected client behind `client`, once it is. */
  private live: pg.Client | undefined;

  constructor(opts: RunLocksOptions) {
    this.opts = opts;
  }

  /** True when the caller now holds `name`; false when it runs somewhere already (here or elsewhere). */
  async tryLock(name: string): Promise<boolean> {
    if (this.held.has(name)) return false;
    this.held.add(name);
    const ok = await this.ask('SELECT pg_try_advisory_lock($1, hashtext($2)) AS yes', name).catch((err: unknown) => {
      this.held.delete(name);
      throw err;
    });
    if (!ok) this.held.delete(name);
    return ok;
  }

  /** True when nobody holds `name`: whoever did is done, or gone with its connection. */
  async isFree(name: string): Promise<boolean> {
    if (this.held.has(name)) return false;
    return this.ask(
      'SELECT CASE WHEN pg_try_advisory_lock($1, hashtext($2)) THEN pg_advisory_unlock($1, hashtext($2)) ELSE false END AS yes',
      name,
    );
  }

  /** Gives `name` back; a lock lost with its connection is already free. */
  async unlock(name: string): Promise<void> {
    if (!this.held.delete(name)) return;
    const client = await this.client?.catch(() => undefined);
    await client?.query('SELECT pg_advisory_unlock($1, hashtext($2))', [NAMESPACE, name]).catch(() => undefined);
  }

  async close(): Promise<void> {
    const client = await this.client?.catch(() => undefined);
    this.client = undefined;
    this.live = undefined;
    await client?.end().catch(() => undefined);
  }

  /** One yes-or-no statement about `name` on the locks' connection. */
  private async ask(text: string, name: string): Promise<boolean> {
    const client = await this.connection();
    try {
      const { rows } = await client.query<{ yes: boolean }>(text, [NAMESPACE, name]);
      return rows[0]?.yes === true;
    } catch (err) {
      // A statement that timed out is still in flight: nothing more can be asked on that connection.
      this.lost(client, err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
  }

  private connection(): Promise<pg.Client> {
    this.client ??= this.connect();
    return this.client;
  }

  private async connect(): Promise<pg.Client> {
    const { timeoutMs } = this.opts;
    const client = new pg.Client({
      connectionString: this.opts.databaseUrl,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      statement_timeout: timeoutMs,
      keepAlive: true,
      application_name: 'neon-access-bot-locks',
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
    } catch (err) {
      this.client = undefined;
      throw err;
    }
    this.live = client;
    return client;
  }

  private lost(client: pg.Client, err: Error): void {
    if (this.live !== client) return;
    this.live = undefined;
    this.client = undefined;
    client.end().catch(() => undefined);
    // The runs holding locks go on; until they end, another replica could start the same work.
    if (this.held.size > 0) this.opts.onConnectionLost(err, this.held.size);
  }
}
