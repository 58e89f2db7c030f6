import { crc32, deflateRawSync } from 'node:zlib';

import type { CdlValues } from './dataset.js';

/** One ASC CDL file: a ColorDecisionList with one ColorCorrection named after the clip. */
export function ascCdlXml(clipName: string, lookName: string, cdl: CdlValues): string {
  const numbers = (values: readonly number[]) => values.map((value) => value.toFixed(6)).join(' ');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ColorDecisionList xmlns="urn:ASC:CDL:v1.01">',
    '  <ColorDecision>',
    `    <ColorCorrection id="${escapeXml(clipName)}">`,
    `      <Description>${escapeXml(lookName)}</Description>`,
    '      <SOPNode>',
    `        <Slope>${numbers(cdl.slope)}</Slope>`,
    `        <Offset>${numbers(cdl.offset)}</Offset>`,
    `        <Power>${numbers(cdl.power)}</Power>`,
    '      </SOPNode>',
    '      <SatNode>',
    `        <Saturation>${cdl.saturation.toFixed(6)}</Saturation>`,
    '      </SatNode>',
    '    </ColorCorrection>',
    '  </ColorDecision>',
    '</ColorDecisionList>',
    '',
  ].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A ZIP archive (deflate, UTF-8 names, no extras) of files at the archive's root. */
export function zipArchive(files: { name: string; content: string | Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;

  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const raw = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
    const packed = deflateRawSync(raw);
    const checksum = crc32(raw);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00, a fixed time for stable archives
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    local.copy(central, 8, 6, 30); // flags, method, time, crc, sizes and name length
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + packed.length;
  }

  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
