import { type ChildProcess, spawn } from 'node:child_process';
import { eventually } from '../../sandbox/eventually.ts';

const root = new URL('../../', import.meta.url).pathname;

export interface BotProcessOptions {
  /** Extra flags for node itself (e.g. --cpu-prof when profiling a bench run). */
  nodeArgs?: string[];
  /** Run the production build (`dist/cli.js`, built beforehand) instead of the sources. */
  built?: boolean;
  /** Where it runs (default: the checkout); without DATABASE_URL its embedded database is `./data` there. */
  cwd?: string;
  /** In a process group of its own, as under a terminal: `interrupt()` then reaches the database server too. */
  ownGroup?: boolean;
}

/**
 * The bot as a real child process (`src/cli.ts start`), for tests that kill it with SIGKILL,
 * stop it with SIGTERM, or run two of them on one database.
 */
export class BotProcess {
  readonly lines: string[] = [];
  /** Only what it wrote to stderr: the lines an operator reads in the terminal. */
  readonly stderr: string[] = [];
  port = 0;
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);

  private readonly env: Record<string, string | undefined>;
  private readonly opts: BotProcessOptions;

  constructor(env: Record<string, string | undefined>, opts: BotProcessOptions = {}) {
    this.env = env;
    this.opts = opts;
  }

  /** Starts it and waits until /readyz answers 200. */
  async start(extraEnv: Record<string, string | undefined> = {}): Promise<void> {
    const child = this.launch(extraEnv);
    await eventually(() => this.port > 0 || child.exitCode !== null, 20_000, 'the bot to start');
    if (!this.port) throw new Error(`the bot exited at start:\n${this.lines.slice(-20).join('\n')}`);
    await eventually(
      async () => (await fetch(`${this.url}/readyz`).catch(() => undefined))?.status === 200,
      10_000,
      '/readyz',
    );
  }

  /** Starts it and resolves with its exit code, for a start that is meant to fail. */
  async run(extraEnv: Record<string, string | undefined> = {}, timeoutMs = 30_000): Promise<number | null> {
    const child = this.launch(extraEnv);
    await eventually(() => child.exitCode !== null || child.signalCode !== null, timeoutMs, 'the bot to exit');
    return this.exited;
  }

  private launch(extraEnv: Record<string, string | undefined>): ChildProcess {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...this.env, ...extraEnv };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const entry = this.opts.built ? [`${root}dist/cli.js`] : [`${root}src/cli.ts`];
    const child = spawn(process.execPath, [...(this.opts.nodeArgs ?? []), ...entry, 'start'], {
      cwd: this.opts.cwd ?? root,
      env,
      detached: this.opts.ownGroup,
    });
    this.child = child;
    this.port = 0;
    const reader = (also?: string[]) => {
      let buffered = '';
      return (d: Buffer) => {
        buffered += d.toString();
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        for (const line of parts) {
          this.lines.push(line);
          also?.push(line);
          const port = /"port":(\d+).*"msg":"neon-access-bot is up"/.exec(line)?.[1];
          if (port) this.port = Number(port);
        }
      };
    };
    child.stdout?.on('data', reader());
    child.stderr?.on('data', reader(this.stderr));
    // 'close', not 'exit': every line it wrote has been read by then.
    this.exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
    return child;
  }

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the exit code (null when killed by a signal). */
  waitForExit(): Promise<number | null> {
    return this.exited;
  }

  async kill(): Promise<void> {
    if (this.running) this.child!.kill('SIGKILL');
    await this.exited;
  }

  async terminate(): Promise<number | null> {
    if (this.running) this.child!.kill('SIGTERM');
    return this.exited;
  }

  /** Ctrl-C in a terminal: SIGINT to the whole process group (with `ownGroup`), else to the bot alone. */
  async interrupt(): Promise<number | null> {
    if (this.running) {
      if (this.opts.ownGroup) process.kill(-this.pid, 'SIGINT');
      else this.child!.kill('SIGINT');
    }
    return this.exited;
  }
}
