import type { Project } from '../neon/client.ts';
import type { ServiceContext } from './context.ts';
import { withinDeadline } from './deadline.ts';

/** Slack shows at most 100 options and waits 3 s for them. */
const MAX_OPTIONS = 100;
const ANSWER_WITHIN_MS = 2_000;
/** Typing sends one query per keystroke; a short memory spares Neon the repeats (and its rate limit). */
const CACHE_TTL_MS = 30_000;
const CACHE_ENTRIES = 200;

/**
 * The project picker's look-ups: Neon's own search, with the shared look-up key, answered within
 * Slack's options deadline or not at all (an empty list, never an error in the menu).
 */
export class ProjectSearch {
  private readonly cache = new Map<string, { at: number; projects: Project[] }>();

  private readonly ctx: ServiceContext;
  private readonly now: () => number;

  constructor(ctx: ServiceContext, now: () => number = Date.now) {
    this.ctx = ctx;
    this.now = now;
  }

  async search(typed: string): Promise<Project[]> {
    const query = typed.trim();
    const cached = this.cache.get(query);
    if (cached && this.now() - cached.at < CACHE_TTL_MS) return cached.projects;
    const lookup = await this.ctx.keys.forLookup();
    if (!lookup) return [];
    const searching = this.ctx.neon
      .forKey(lookup.key)
      .searchProjects(this.ctx.config.neon.orgId, query, MAX_OPTIONS)
      .catch((err: unknown) => void this.ctx.log.warn({ err }, 'project search failed'));
    const found = await withinDeadline(searching, ANSWER_WITHIN_MS);
    if (!found) return [];
    this.remember(query, found);
    return found;
  }

  private remember(query: string, projects: Project[]): void {
    this.cache.delete(query);
    this.cache.set(query, { at: this.now(), projects });
    // Oldest first in a Map: drop from the front.
    for (const stale of this.cache.keys()) {
      if (this.cache.size <= CACHE_ENTRIES) break;
      this.cache.delete(stale);
    }
  }
}
