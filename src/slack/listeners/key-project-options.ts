import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.ts';
import { ProjectSearch } from '../../services/project-search.ts';
import { PROJECT_ACTION, projectOptions } from '../blocks/key-modal.ts';

/** The key form's project picker: Slack asks (block_suggestion) as the person types; the answer is the ack, within 3 s. */
export function registerKeyProjectOptions(app: App, ctx: ServiceContext): void {
  const projects = new ProjectSearch(ctx);
  app.options<'block_suggestion'>(PROJECT_ACTION, async ({ ack, options }) => {
    let found: Awaited<ReturnType<ProjectSearch['search']>> = [];
    try {
      found = await projects.search(options.value);
    } catch (err) {
      ctx.log.error({ err }, 'the project picker failed');
    }
    await ack(projectOptions(found));
  });
}
