/** How the Dockerfile runs node (see its CMD); the bench runs the bot and the bare app so. */
export const PRODUCTION_NODE_FLAGS = ['--max-semi-space-size=2'];
