import type { Logger } from '../log.js';
import type { ShotHubClient } from '../shothub/client.js';

/** The ShotHub calls tools may make: all read-only. */
export type ShotHubReader = Pick<
  ShotHubClient,
  'listProjects' | 'getFolderTree' | 'listAssets' | 'getAsset' | 'getDynamicMetadata' | 'getCdlZip'
>;

/** What every tool is given; tools reach ShotHub only through it. */
export interface ToolContext {
  shothub: ShotHubReader;
  logger: Logger;
}
