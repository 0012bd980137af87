import { z } from 'zod';
import type { Stage } from '../../sandbox/stage.ts';
import { CHANNELS } from '../../sandbox/stage.ts';
import type { Person } from '../shared/state.ts';
import { snapshot } from './snapshot.ts';
import { skipToNextTimedWork } from './time.ts';

export interface World {
  stage: Stage;
  cast: Person[];
  personalKeys: Map<string, string>;
}

interface Answer {
  status: number;
  body: unknown;
}

const stateValues = z.record(
  z.string(),
  z.record(
    z.string(),
    z.object({
      type: z.string(),
      value: z.string().nullable().optional(),
      selected_option: z
        .object({ text: z.record(z.string(), z.unknown()), value: z.string() })
        .nullable()
        .optional(),
    }),
  ),
);
const where = z.union([
  z.object({ message: z.object({ channel: z.string(), ts: z.string() }) }),
  z.object({ view: z.object({ id: z.string() }) }),
]);

/** Each page request becomes what Slack would send the bot, signed, through sandbox/slack-driver.ts. */
const ROUTES: Record<string, (w: World, body: unknown) => Promise<unknown>> = {
  'GET /api/state': (w) => snapshot(w.stage, w.cast, w.personalKeys),
  'POST /api/command': async ({ stage }, body) => {
    const { userId, channelId, text } = z
      .object({ userId: z.string(), channelId: z.string(), text: z.string() })
      .parse(body);
    // A DM not opened yet has no id: the command is typed in #general instead.
    const channel = channelId.startsWith('D-') ? CHANNELS.general : channelId;
    return (await stage.driver.command(userId, text, { channelId: channel })).body;
  },
  'POST /api/action': async ({ stage }, body) => {
    const input = z
      .object({ userId: z.string(), actionId: z.string(), blockId: z.string(), value: z.string().optional(), where })
      .parse(body);
    const reply = await stage.driver.blockAction(input.userId, {
      actionId: input.actionId,
      blockId: input.blockId,
      ...(input.value === undefined ? {} : { value: input.value }),
      ...input.where,
    });
    return reply.body;
  },
  'POST /api/submit': async ({ stage }, body) => {
    const { userId, viewId, values } = z
      .object({ userId: z.string(), viewId: z.string(), values: stateValues })
      .parse(body);
    return (await stage.driver.viewSubmission(userId, { id: viewId }, values)).body;
  },
  'POST /api/suggest': async ({ stage }, body) => {
    const input = z
      .object({ userId: z.string(), viewId: z.string(), actionId: z.string(), blockId: z.string(), value: z.string() })
      .parse(body);
    const view = stage.slack.view(input.viewId);
    if (!view) return { options: [] };
    return (await stage.driver.blockSuggestion(input.userId, { ...input, view })).body;
  },
  'POST /api/close': async ({ stage }, body) => {
    stage.slack.closeView(z.object({ viewId: z.string() }).parse(body).viewId);
    return {};
  },
  'POST /api/home': async ({ stage }, body) => {
    const { userId } = z.object({ userId: z.string() }).parse(body);
    return (await stage.driver.event({ type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home' }))
      .body;
  },
  'POST /api/time': async ({ stage }) => skipToNextTimedWork(stage),
};

export async function answerApi(w: World, method: string, path: string, body: unknown): Promise<Answer> {
  const route = ROUTES[`${method} ${path}`];
  if (!route) return { status: 404, body: { error: 'not found' } };
  try {
    return { status: 200, body: (await route(w, body)) ?? {} };
  } catch (err) {
    if (err instanceof z.ZodError) return { status: 400, body: { error: err.message } };
    throw err;
  }
}
