import type { Project } from '../shothub/schemas.js';
import type { ToolContext } from './context.js';
import { ToolInputError } from './results.js';

export type Application = 'Silverstack' | 'Livegrade' | 'unknown';

/** Compares names the way people type them: case, accents and spacing do not matter. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Which desktop app feeds the project, where the project object says so. The field that says
 * it is not public, so the common candidates are read.
 */
export function applicationOf(project: Project): Application {
  for (const field of ['type', 'projectType', 'application', 'app', 'source']) {
    const value = project[field];
    if (typeof value !== 'string') continue;
    if (/silverstack/i.test(value)) return 'Silverstack';
    if (/livegrade/i.test(value)) return 'Livegrade';
  }
  return 'unknown';
}

/**
 * Finds a project the script can see by id, by exact name, or by a part of its name that
 * only one project has. Anything else is an error that lists the candidates.
 */
export async function resolveProject(
  ctx: ToolContext,
  reference: string,
  signal?: AbortSignal,
): Promise<Project> {
  const { items: projects } = await ctx.shothub.listProjects({ signal });
  const wanted = foldText(reference);

  const byId = projects.find((project) => project.id.toLowerCase() === reference.toLowerCase());
  if (byId) return byId;
  const exact = projects.filter((project) => foldText(project.name) === wanted);
  if (exact.length === 1) return exact[0]!;
  const partial = projects.filter((project) => foldText(project.name).includes(wanted));
  if (exact.length === 0 && partial.length === 1) return partial[0]!;

  const candidates = (exact.length > 1 ? exact : partial.length > 1 ? partial : projects)
    .map((project) => `"${project.name}" (${project.id})`)
    .join(', ');
  if (exact.length > 1 || partial.length > 1) {
    throw new ToolInputError(
      `More than one project matches "${reference}": ${candidates}. Pass the project id.`,
    );
  }
  if (/^[0-9a-f]{24}$/i.test(reference)) {
    throw new ToolInputError(
      `Project ${reference} is not accessible to this script: it does not exist, or the script ` +
        'was not added to it (in ShotHub: project info, "Add Script"). ' +
        (projects.length ? `Projects this script can see: ${candidates}.` : 'It sees none.'),
    );
  }
  throw new ToolInputError(
    `No project named "${reference}" is visible to this script. ` +
      (projects.length
        ? `Projects it can see: ${candidates}. Call list_projects for details.`
        : 'It was not added to any project yet (in ShotHub: project info, "Add Script").'),
  );
}
