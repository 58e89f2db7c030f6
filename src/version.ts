import { readFileSync } from 'node:fs';

interface PackageManifest {
  name: string;
  version: string;
}

/** Name and version from package.json, which sits one level above both `src/` and `dist/`. */
export const PACKAGE: PackageManifest = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as PackageManifest;
