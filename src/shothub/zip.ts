import { crc32, inflateRawSync } from 'node:zlib';

import { ShotHubError } from './errors.js';

export interface ZipEntry {
  name: string;
  content: Buffer;
}

/** Far above any CDL archive; keeps a hostile archive from filling memory. */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 100_000;

/**
 * Reads the files of a ZIP archive (stored or deflated entries, as CDL archives are), through
 * its central directory. Anything else is reported as an unexpected response, never guessed.
 */
export function readZip(archive: Buffer, endpoint: string): ZipEntry[] {
  const fail = (problem: string) =>
    new ShotHubError(
      'invalid_response',
      `Unexpected response from ShotHub for ${endpoint}: ${problem}.`,
      { endpoint },
    );

  const end = findEndOfDirectory(archive);
  if (end < 0) throw fail('not a ZIP archive');
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  if (count > MAX_ENTRIES) throw fail(`the archive lists ${count} files`);

  const entries: ZipEntry[] = [];
  let unpacked = 0;
  for (let index = 0; index < count; index++) {
    if (offset + 46 > archive.length || archive.readUInt32LE(offset) !== 0x02014b50) {
      throw fail('a damaged ZIP directory');
    }
    const method = archive.readUInt16LE(offset + 10);
    const checksum = archive.readUInt32LE(offset + 16);
    const packedSize = archive.readUInt32LE(offset + 20);
    const size = archive.readUInt32LE(offset + 24);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localOffset = archive.readUInt32LE(offset + 42);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;

    unpacked += size;
    if (unpacked > MAX_UNPACKED_BYTES) throw fail('an archive larger than 64 MB unpacked');
    if (name.endsWith('/')) continue;

    if (localOffset + 30 > archive.length || archive.readUInt32LE(localOffset) !== 0x04034b50) {
      throw fail(`"${name}" points outside the archive`);
    }
    const dataStart =
      localOffset +
      30 +
      archive.readUInt16LE(localOffset + 26) +
      archive.readUInt16LE(localOffset + 28);
    if (dataStart + packedSize > archive.length) throw fail(`"${name}" is cut short`);
    const packed = archive.subarray(dataStart, dataStart + packedSize);
    let content: Buffer;
    if (method === 0) content = Buffer.from(packed);
    else if (method === 8) content = inflate(packed, size, () => fail(`"${name}" is damaged`));
    else throw fail(`"${name}" uses ZIP method ${method}, which is not supported`);
    if (content.length !== size || crc32(content) !== checksum) {
      throw fail(`"${name}" is damaged (size or checksum does not match)`);
    }
    entries.push({ name, content });
  }
  return entries;
}

function inflate(packed: Buffer, size: number, damaged: () => Error): Buffer {
  try {
    return inflateRawSync(packed, { maxOutputLength: Math.max(1, size) });
  } catch {
    throw damaged();
  }
}

function findEndOfDirectory(archive: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const earliest = Math.max(0, archive.length - 22 - 65_535);
  for (let offset = archive.length - 22; offset >= earliest; offset--) {
    if (archive.readUInt32LE(offset) === 0x06054b50) return offset;
  }
  return -1;
}
