/** The URIs of this server's resources; tool results link to them. */
export const PROJECTS_URI = 'shothub://projects';

export function folderTreeUri(projectId: string): string {
  return `shothub://projects/${encodeURIComponent(projectId)}/folders`;
}

export function assetUri(assetId: string): string {
  return `shothub://assets/${encodeURIComponent(assetId)}`;
}
