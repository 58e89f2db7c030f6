/** The shape of the data an emulator serves: projects, their folder trees, assets and looks. */

export interface ScriptAccount {
  scriptId: string;
  scriptKey: string;
}

export interface EmulatedFolder {
  id: string;
  name: string;
  /** Guess: the real API's folder nodes may carry no kind at all. */
  type: 'folder' | 'bin';
  children: EmulatedFolder[];
}

export interface CdlValues {
  slope: [number, number, number];
  offset: [number, number, number];
  power: [number, number, number];
  saturation: number;
}

export interface EmulatedGrade {
  name: string;
  mode: string;
  cdl: CdlValues;
}

export interface EmulatedAsset {
  /** The JSON object the API returns for this asset, `id` and `name` included. */
  fields: Record<string, unknown> & { id: string; name: string };
  /** The bin the asset lives in. */
  folderId: string;
  grade?: EmulatedGrade;
  /** Per-frame metadata as CSV, made on request because it can be large. */
  dynamicMetadata?: () => string;
}

export interface EmulatedProject {
  id: string;
  name: string;
  rootFolderId: string;
  /** Guess: whether the project object names its application is not public. */
  type: 'Silverstack' | 'Livegrade';
  /** Script ids that were added to this project. */
  members: string[];
  /** The top-level folders below the (unlisted) root folder. */
  folders: EmulatedFolder[];
  assets: EmulatedAsset[];
}

export interface Dataset {
  scripts: ScriptAccount[];
  projects: EmulatedProject[];
}

export interface FolderIndexEntry {
  project: EmulatedProject;
  folder: EmulatedFolder | undefined;
  /** This folder's id and the ids of every folder and bin below it. */
  subtreeIds: Set<string>;
}

/** Maps every folder id, root folders included, to its project and the ids below it. */
export function indexFolders(dataset: Dataset): Map<string, FolderIndexEntry> {
  const index = new Map<string, FolderIndexEntry>();

  const visit = (project: EmulatedProject, folder: EmulatedFolder): Set<string> => {
    const ids = new Set([folder.id]);
    for (const child of folder.children) for (const id of visit(project, child)) ids.add(id);
    index.set(folder.id, { project, folder, subtreeIds: ids });
    return ids;
  };

  for (const project of dataset.projects) {
    const all = new Set([project.rootFolderId]);
    for (const folder of project.folders) for (const id of visit(project, folder)) all.add(id);
    index.set(project.rootFolderId, { project, folder: undefined, subtreeIds: all });
  }
  return index;
}
