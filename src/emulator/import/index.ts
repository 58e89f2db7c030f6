/**
 * Builds an emulator project from a production's own on-set clip exports: Avid Log Exchange
 * (ALE) files and CSV clip lists as Silverstack, Resolve and other on-set tools write them.
 * The result is served like a Silverstack cloud project: one folder per shoot date, one bin
 * per reel, and one VideoClip per row.
 */
export { detectClipFileFormat, parseAle, type ClipFileFormat } from './ale.js';
export type { ClipTable } from './clip-table.js';
export { parseClipCsv } from './csv.js';
export {
  importDataset,
  importProject,
  type ClipFile,
  type ImportDatasetOptions,
  type ImportOptions,
} from './project.js';
