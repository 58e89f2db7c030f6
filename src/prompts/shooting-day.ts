import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';

import type { FolderNode } from '../shothub/schemas.js';
import type { ToolContext } from '../tools/context.js';
import { foldText, resolveProject } from '../tools/projects.js';
import { explainFailure } from '../tools/results.js';

/** Where a daily report looks: one day folder, or a shooting-day filter over the project. */
export interface DayScope {
  projectName: string;
  /** What the report covers, in words: `Shooting Day 2` or `shooting day 2`. */
  label: string;
  /** The scope and filter arguments to pass to search, summarize and get_looks. */
  toolArguments: { project: string; folderId?: string; shootingDay?: string };
}

export function dayPromptArguments(ctx: ToolContext) {
  return {
    project: completable(
      z.string().describe('Project name or id, as list_projects gives it'),
      (typed) => completeProjectNames(ctx, typed),
    ),
    day: completable(
      z.string().describe('Shooting day number, e.g. 2, or a day folder id from get_folder_tree'),
      (typed, context) => completeDayFolders(ctx, context?.arguments?.project, typed),
    ),
  };
}

/**
 * Finds the day a report is for. A folder id is used as it is; a day number finds the one
 * folder named for that day ("Shooting Day 2", "Day 02", "Drehtag 2 – Hafen"). When no single
 * folder is that day (none, or one per Livegrade instance), the shootingDay field is used.
 */
export async function resolveDay(
  ctx: ToolContext,
  projectReference: string,
  day: string,
  signal: AbortSignal,
): Promise<DayScope> {
  try {
    const project = await resolveProject(ctx, projectReference, signal);
    const tree = await ctx.shothub.getFolderTree(project.id, { signal });
    const folders = flatten(tree);
    const byId = folders.find((folder) => folder.id === day.trim());
    const number = dayNumber(day);
    const named = number === undefined ? [] : folders.filter((f) => dayNumber(f.name) === number);
    const folder = byId ?? (named.length === 1 ? named[0] : undefined);

    if (folder) {
      return {
        projectName: project.name,
        label: folder.name,
        toolArguments: { project: project.name, folderId: folder.id },
      };
    }
    if (number === undefined) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `day must be a shooting day number or a folder id of "${project.name}"; ` +
          `"${day}" is neither. get_folder_tree shows the day folders.`,
      );
    }
    return {
      projectName: project.name,
      label: `shooting day ${number}`,
      toolArguments: { project: project.name, shootingDay: String(number) },
    };
  } catch (error) {
    if (error instanceof McpError) throw error;
    throw new McpError(ErrorCode.InvalidParams, explainFailure(error, ctx.logger, 'prompt'));
  }
}

/** Tool calls written out for the model, so that it makes exactly these. */
export function toolCall(name: string, args: object): string {
  return `${name} ${JSON.stringify(args)}`;
}

function dayNumber(text: string): number | undefined {
  const match = /(?:^|\b(?:day|tag|drehtag))\s*0*(\d{1,3})\b/i.exec(foldText(text));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function flatten(nodes: FolderNode[]): FolderNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

async function completeProjectNames(ctx: ToolContext, typed: string): Promise<string[]> {
  try {
    const { items } = await ctx.shothub.listProjects();
    const wanted = foldText(typed);
    return items.map((project) => project.name).filter((name) => foldText(name).includes(wanted));
  } catch {
    return [];
  }
}

async function completeDayFolders(
  ctx: ToolContext,
  projectReference: string | undefined,
  typed: string,
): Promise<string[]> {
  if (!projectReference) return [];
  try {
    const project = await resolveProject(ctx, projectReference);
    const folders = flatten(await ctx.shothub.getFolderTree(project.id));
    const days = folders
      .map((folder) => dayNumber(folder.name))
      .filter((number): number is number => number !== undefined);
    return [...new Set(days)]
      .sort((a, b) => a - b)
      .map(String)
      .filter((number) => number.startsWith(typed.trim()));
  } catch {
    return [];
  }
}
