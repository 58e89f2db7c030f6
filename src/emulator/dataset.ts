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
  /** Whether a folder or bin is this one or lies below it. */
  contains(folderId: string): boolean;
  /** This folder's id and the ids of every folder and bin below it. */
  readonly subtreeIds: Set<string>;
}

/**
 * Maps every folder id, root folders included, to its project and its place in the tree.
 * Built without recursion and with parent links rather than a set per folder, so that a tree
 * thousands of levels deep costs memory in proportion to its size.
 */
export function indexFolders(dataset: Dataset): Map<string, FolderIndexEntry> {
  const index = new Map<string, FolderIndexEntry>();
  const parents = new Map<string, string>();

  const entry = (project: EmulatedProject, id: string, folder?: EmulatedFolder) => {
    let subtree: Set<string> | undefined;
    const children = folder ? folder.children : project.folders;
    return {
      project,
      folder,
      contains: (folderId: string) => {
        for (let at: string | undefined = folderId; at !== undefined; at = parents.get(at)) {
          if (at === id) return true;
        }
        return false;
      },
      get subtreeIds() {
        if (subtree) return subtree;
        subtree = new Set([id]);
        const stack = [...children];
        for (let next = stack.pop(); next; next = stack.pop()) {
          subtree.add(next.id);
          stack.push(...next.children);
        }
        return subtree;
      },
    };
  };

  for (const project of dataset.projects) {
    index.set(project.rootFolderId, entry(project, project.rootFolderId));
    const stack = project.folders.map((folder) => ({ folder, parentId: project.rootFolderId }));
    for (let next = stack.pop(); next; next = stack.pop()) {
      const { folder, parentId } = next;
      parents.set(folder.id, parentId);
      index.set(folder.id, entry(project, folder.id, folder));
      for (const child of folder.children) stack.push({ folder: child, parentId: folder.id });
    }
  }
  return index;
}
