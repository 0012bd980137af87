import { spawn, type ChildProcess } from 'node:child_process';
import { eventually } from './eventually.ts';

const root = new URL('../../', import.meta.url).pathname;

export interface BotProcessOptions {
  /** Extra flags for node itself (e.g. --cpu-prof when profiling a bench run). */
  nodeArgs?: string[];
  /** Run the production build (`dist/cli.js`, built beforehand) instead of the sources. */
  built?: boolean;
}

/**
 * The bot as a real child process (`src/cli.ts start`), for tests that kill it with SIGKILL,
 * stop it with SIGTERM, or run two of them on one database.
 */
export class BotProcess {
  readonly lines: string[] = [];
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
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...this.env, ...extraEnv };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const entry = this.opts.built ? ['dist/cli.js'] : ['src/cli.ts'];
    const child = spawn(process.execPath, [...(this.opts.nodeArgs ?? []), ...entry, 'start'], { cwd: root, env });
    this.child = child;
    this.port = 0;
    let buffered = '';
    const onData = (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        this.lines.push(line);
        const port = /"port":(\d+).*"msg":"neon-access-bot is up"/.exec(line)?.[1];
        if (port) this.port = Number(port);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    await eventually(() => this.port > 0 || child.exitCode !== null, 20_000, 'the bot to start');
    if (!this.port) throw new Error(`the bot exited at start:\n${this.lines.slice(-20).join('\n')}`);
    await eventually(async () => (await fetch(`${this.url}/readyz`).catch(() => undefined))?.status === 200, 10_000, '/readyz');
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
}
