import type { NeonApi, Project } from '../neon/client.ts';

export type ProjectMatch =
  | { kind: 'found'; project: Project }
  /** Several projects, or only near matches: the person picks one, the bot never guesses. */
  | { kind: 'ambiguous'; candidates: number }
  | { kind: 'none' };

/** Enough to find an exact id or name among near matches (Neon's search is a partial match). */
const SEARCH_MAX = 200;

/** A project as typed after `/neon key`: its exact id, else its one exact name (any case). */
export async function findProject(neon: NeonApi, orgId: string, typed: string): Promise<ProjectMatch> {
  const matches = await neon.searchProjects(orgId, typed, SEARCH_MAX);
  const byId = matches.find((p) => p.id === typed);
  if (byId) return { kind: 'found', project: byId };
  const wanted = typed.toLowerCase();
  const named = matches.filter((p) => p.name.toLowerCase() === wanted);
  if (named.length === 1) return { kind: 'found', project: named[0]! };
  if (matches.length === 0) return { kind: 'none' };
  return { kind: 'ambiguous', candidates: named.length || matches.length };
}
