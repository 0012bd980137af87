import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { type EmbeddedServer, startEmbeddedPostgres } from '../../src/store/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server URL (any database) on which each test file creates its own database. */
    testServerUrl: string;
  }
}

let server: EmbeddedServer | undefined;
let dir: string | undefined;

/** TEST_DATABASE_URL when set (CI's PostgreSQL), otherwise one embedded server for the whole run. */
export async function setup(project: TestProject): Promise<void> {
  // The project brings its own Node (the `node` dev dependency); say which one the suite runs on.
  process.stdout.write(`neon-access-bot tests on Node ${process.version}\n`);
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('testServerUrl', external);
    return;
  }
  dir = await mkdtemp(path.join(tmpdir(), 'nab-test-pg-'));
  // mkdtemp makes it 0700; as root the server runs as a separate postgres user that must enter it.
  await chmod(dir, 0o755);
  server = await startEmbeddedPostgres({ dataDir: dir, persistent: false });
  project.provide('testServerUrl', server.url('postgres'));
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}
