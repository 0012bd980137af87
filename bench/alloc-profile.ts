/**
 * Where a process allocates, garbage included: preload it into the bench's bot with
 * `BENCH_BOT_NODE_ARGS=--import=./bench/alloc-profile.ts` and it writes
 * `alloc-<pid>.heapprofile` into BENCH_ALLOC_PROFILE_DIR (default: the working directory) when
 * the bot exits; Chrome DevTools' Memory tab opens it. A heap snapshot shows only what is live,
 * and the pipeline's memory was garbage kept by V8's heap limit (docs/PERFORMANCE.md).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const session = new Session();
session.connect();
session.post('HeapProfiler.startSampling', {
  samplingInterval: 64 * 1024,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
// Inspector calls on the main thread answer synchronously, so this still runs on the way out.
process.on('exit', () => {
  session.post('HeapProfiler.stopSampling', (err, result) => {
    if (err) return;
    const dir = process.env.BENCH_ALLOC_PROFILE_DIR ?? process.cwd();
    writeFileSync(join(dir, `alloc-${process.pid}.heapprofile`), JSON.stringify(result.profile));
  });
});
