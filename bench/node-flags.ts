/** How the Dockerfile runs node (see its CMD); the bench runs the bot and the bare app so. */
export const PRODUCTION_NODE_FLAGS = [
  '--max-semi-space-size=2',
  '--max-old-space-size=1024',
  '--heap-growing-percent=10',
];

/** The Dockerfile's ENV for node's allocator (see there); the bench gives both apps the same. */
export const PRODUCTION_ENV = { MALLOC_ARENA_MAX: '2' };
