import { inflateRawSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EmulatedAsset, EmulatedProject } from '../src/emulator/dataset.js';
import {
  detectClipFileFormat,
  importDataset,
  importProject,
  parseAle,
  parseClipCsv,
  type ClipFile,
  type ImportOptions,
} from '../src/emulator/import/index.js';
import { DEMO_SCRIPT, OTHER_SCRIPT, createSampleDataset } from '../src/emulator/sample-data.js';
import { startEmulator, type ShotHubEmulator } from '../src/emulator/server.js';
import { durationFrames, framesToSeconds, parseTimecode } from '../src/timecode.js';

type Fields = EmulatedAsset['fields'];

/** One line of an ALE: cells joined by tabs. */
const tabs = (...cells: string[]) => cells.join('\t');

/** An ALE with the usual heading, the given column names and rows, lines joined by `eol`. */
function ale(columns: string[], rows: string[][], heading = ['FPS\t25'], eol = '\n'): string {
  return [
    'Heading',
    'FIELD_DELIM\tTABS',
    'VIDEO_FORMAT\t1080',
    ...heading,
    '',
    'Column',
    tabs(...columns),
    '',
    'Data',
    ...rows.map((row) => tabs(...row)),
    '',
  ].join(eol);
}

/** Imports files and returns the project with every warning the import gave. */
function importWithWarnings(files: ClipFile[], options: ImportOptions = {}) {
  const warnings: string[] = [];
  const project = importProject(files, { ...options, onWarning: (w) => warnings.push(w) });
  return { project, warnings };
}

/** The fields of every clip one file imports to, in project order. */
function importedClips(text: string, name = 'quirks.ale'): Fields[] {
  return importProject([{ name, text }]).assets.map((asset) => asset.fields);
}

function clipNamed(project: EmulatedProject, name: string): Fields {
  const asset = project.assets.find((candidate) => candidate.fields.name === name);
  if (!asset) throw new Error(`The import has no clip "${name}"`);
  return asset.fields;
}

function folderNames(project: EmulatedProject) {
  return project.folders.map((folder) => ({
    name: folder.name,
    bins: folder.children.map((bin) => bin.name),
  }));
}

/** Out minus in, counted the way Silverstack counts (out exclusive), is the stated length. */
function expectTimecodesAgree(fields: Fields): void {
  const rate = fields.tcFps as number;
  const dropFrame = fields.tcDropFlag as boolean;
  const frames = durationFrames(String(fields.tcStart), String(fields.tcEnd), rate, dropFrame);
  expect(frames, String(fields.name)).toBe(parseTimecode(String(fields.duration), rate));
  // Seconds are given to the millisecond, as in the sample projects.
  const seconds = Math.round(framesToSeconds(frames, rate) * 1000) / 1000;
  expect(fields.durationInSecs, String(fields.name)).toBe(seconds);
}

describe('reading ALE files', () => {
  it('reads the heading rate, the column names and one row per clip', () => {
    const table = parseAle(
      ale(
        ['Name', 'Tape', 'Start', 'End'],
        [
          ['A001C001', 'A001', '10:00:00:00', '10:00:10:00'],
          ['A001C002', 'A001', '10:05:00:00', '10:05:20:00'],
        ],
      ),
    );

    expect(table).toEqual({
      columns: ['Name', 'Tape', 'Start', 'End'],
      rows: [
        { Name: 'A001C001', Tape: 'A001', Start: '10:00:00:00', End: '10:00:10:00' },
        { Name: 'A001C002', Tape: 'A001', Start: '10:05:00:00', End: '10:05:20:00' },
      ],
      frameRate: 25,
      warnings: [],
    });
  });

  it('ignores blank lines before, inside and after the heading and column sections', () => {
    const text = [
      '',
      '   ',
      'Heading',
      '',
      'FIELD_DELIM\tTABS',
      '',
      'FPS\t23.976',
      '',
      '',
      'Column',
      '',
      tabs('Name', 'Start', 'End'),
      '',
      '',
      'Data',
      '',
      tabs('A001C001', '09:00:00:00', '09:00:01:00'),
      '',
    ].join('\n');

    const table = parseAle(text);

    expect(table.columns).toEqual(['Name', 'Start', 'End']);
    expect(table.rows).toEqual([{ Name: 'A001C001', Start: '09:00:00:00', End: '09:00:01:00' }]);
    expect(table.frameRate).toBe(23.976);
    expect(table.warnings).toEqual([]);
    expect(importedClips(text)).toMatchObject([
      {
        name: 'A001C001',
        tcStart: '09:00:00:00',
        tcEnd: '09:00:01:00',
        tcFps: 23.976,
        duration: '00:00:01:00',
        durationInSecs: 1.001,
      },
    ]);
  });

  it('reads heading entries written on the Heading line itself', () => {
    const tabbed = ['Heading\tFIELD_DELIM\tTABS\tFPS\t25', 'Column', 'Name', 'Data', 'A001C001'];
    const spaced = ['Heading FIELD_DELIM TABS FPS 29.97', 'Column', 'Name', 'Data', 'A001C001'];

    expect(parseAle(tabbed.join('\n'))).toMatchObject({ frameRate: 25, warnings: [] });
    expect(parseAle(spaced.join('\n'))).toMatchObject({ frameRate: 29.97, warnings: [] });
    expect(parseAle(spaced.join('\n')).rows).toEqual([{ Name: 'A001C001' }]);

    const withTimecode = (heading: string) => [
      heading,
      'Column',
      'Name\tStart\tDuration',
      'Data',
      'A1\t01:00:00;00\t00:00:01:00',
    ];
    expect(importedClips(withTimecode(spaced[0]!).join('\n'))).toMatchObject([
      { tcStart: '01:00:00;00', tcEnd: '01:00:01;00', tcFps: 29.97, tcDropFlag: true },
    ]);
  });

  it('reads Windows (CRLF) and old Mac (CR) line ends', () => {
    const columns = ['Name', 'Start', 'End'];
    const rows = [
      ['A001C001', '10:00:00:00', '10:00:02:00'],
      ['A001C002', '10:01:00:00', '10:01:03:00'],
    ];
    const expected = [
      { Name: 'A001C001', Start: '10:00:00:00', End: '10:00:02:00' },
      { Name: 'A001C002', Start: '10:01:00:00', End: '10:01:03:00' },
    ];

    expect(parseAle(ale(columns, rows, ['FPS\t25'], '\r\n')).rows).toEqual(expected);
    expect(parseAle(ale(columns, rows, ['FPS\t25'], '\r')).rows).toEqual(expected);
    for (const eol of ['\r\n', '\r']) {
      const clips = importedClips(ale(columns, rows, ['FPS\t25'], eol));
      expect(clips.map((clip) => [clip.name, clip.tcEnd, clip.duration])).toEqual([
        ['A001C001', '10:00:02:00', '00:00:02:00'],
        ['A001C002', '10:01:03:00', '00:00:03:00'],
      ]);
    }
  });

  it('trims trailing spaces and tabs, and drops the empty column a trailing tab makes', () => {
    const text = [
      'Heading  ',
      'FPS\t25  \t',
      'Column \t',
      'Name \tTape\tScene\t\t',
      'Data\t',
      'A001C001  \tA001 \t12\t\t',
      'A001C002\t\t \t\t\t',
    ].join('\n');

    const table = parseAle(text);

    expect(table.columns).toEqual(['Name', 'Tape', 'Scene']);
    expect(table.rows).toEqual([
      { Name: 'A001C001', Tape: 'A001', Scene: '12' },
      { Name: 'A001C002', Tape: '', Scene: '' },
    ]);
    expect(table.frameRate).toBe(25);
    expect(table.warnings).toEqual([]);
    expect(importedClips(text)).toMatchObject([
      { name: 'A001C001', reel: 'A001', scene: '12', tcFps: 25 },
      { name: 'A001C002', reel: null, scene: null, tcFps: 25 },
    ]);
  });

  it('removes a UTF-8 byte order mark before reading the Heading', () => {
    const text =
      '\uFEFF' + ale(['Name', 'Start', 'End'], [['A001C001', '10:00:00:00', '10:00:01:00']]);
    const csv = '\uFEFFName,Tape\nA001C001,A001\n';

    expect(detectClipFileFormat(text)).toBe('ale');
    expect(parseAle(text)).toMatchObject({ columns: ['Name', 'Start', 'End'], warnings: [] });
    expect(importedClips(text)).toMatchObject([{ name: 'A001C001', duration: '00:00:01:00' }]);
    expect(parseClipCsv(csv).columns).toEqual(['Name', 'Tape']);
    expect(importedClips(csv, 'bom.csv')).toMatchObject([{ name: 'A001C001', reel: 'A001' }]);
  });

  it('gives a repeated column name a suffix and says so', () => {
    const table = parseAle(ale(['Name', 'Scene', 'Take', 'Scene'], [['A1', '12', '3', '12A']]));

    expect(table.columns).toEqual(['Name', 'Scene', 'Take', 'Scene 2']);
    expect(table.rows).toEqual([{ Name: 'A1', Scene: '12', Take: '3', 'Scene 2': '12A' }]);
    expect(table.warnings).toEqual([
      'Column "Scene" appears more than once; column 4 is read as "Scene 2"',
    ]);
    expect(
      importedClips(ale(['Name', 'Scene', 'Take', 'Scene'], [['A1', '12', '3', '12A']])),
    ).toMatchObject([{ name: 'A1', scene: '12', take: '3', scene2: '12A' }]);
  });

  it('pads rows with fewer cells and reports values past the last column', () => {
    const text = ale(
      ['Name', 'Tape', 'Scene', 'Take'],
      [
        ['A001C001', 'A001'],
        ['A001C002', 'A001', '4', '2', 'stray', '', 'note'],
        ['A001C003', 'A001', '4', '3', '', ''],
      ],
    );
    const table = parseAle(text);

    expect(table.rows).toEqual([
      { Name: 'A001C001', Tape: 'A001', Scene: '', Take: '' },
      { Name: 'A001C002', Tape: 'A001', Scene: '4', Take: '2' },
      { Name: 'A001C003', Tape: 'A001', Scene: '4', Take: '3' },
    ]);
    expect(table.warnings).toEqual([
      'Line 10 has fewer cells than the 4 columns; the missing cells are read as empty',
      'Line 11 has values past the last of the 4 columns; dropped: "stray", "note"',
    ]);
    expect(importedClips(text).map((clip) => [clip.name, clip.scene, clip.take])).toEqual([
      ['A001C001', null, null],
      ['A001C002', '4', '2'],
      ['A001C003', '4', '3'],
    ]);
  });

  it('skips lines of only spaces and tabs in the Data section', () => {
    const text = ale(
      ['Name', 'Tape'],
      [['A001C001', 'A001'], ['   '], ['\t\t'], [' ', ' ', ' '], ['A001C002', 'A001']],
    );

    const table = parseAle(text);

    expect(table.rows).toEqual([
      { Name: 'A001C001', Tape: 'A001' },
      { Name: 'A001C002', Tape: 'A001' },
    ]);
    expect(table.warnings).toEqual([]);
    expect(importedClips(text).map((clip) => clip.name)).toEqual(['A001C001', 'A001C002']);
  });

  it('takes the frame rate from VIDEO_FORMAT when the heading has no FPS', () => {
    const withFormat = (format: string) =>
      ['Heading', `VIDEO_FORMAT\t${format}`, 'Column', 'Name', 'Data', 'A1'].join('\n');

    expect(parseAle(withFormat('PAL')).frameRate).toBe(25);
    expect(parseAle(withFormat('NTSC')).frameRate).toBe(29.97);
    expect(parseAle(withFormat('1080i/59.94')).frameRate).toBe(29.97);
    expect(parseAle(withFormat('1080p/23.976')).frameRate).toBe(23.976);
    expect(parseAle(withFormat('1080')).frameRate).toBeUndefined();
    expect(parseAle(withFormat('1080')).warnings).toEqual([
      'VIDEO_FORMAT "1080" does not say a frame rate; it gives none',
    ]);
    const ntsc = ['Heading', 'VIDEO_FORMAT\tNTSC', 'Column', 'Name\tStart\tDuration', 'Data'];
    expect(importedClips([...ntsc, 'A1\t01:00:00:00\t00:00:01:00'].join('\n'))).toMatchObject([
      { tcFps: 29.97, tcDropFlag: false, tcEnd: '01:00:01:00', durationInSecs: 1.001 },
    ]);
  });

  it('says so when a file has no Column or no Data section', () => {
    expect(parseAle('Heading\nFPS\t25\n').warnings).toEqual([
      'No Column section with column names was found; no clips were read',
    ]);
    expect(parseAle('Heading\nFPS\t25\nColumn\nName\n').warnings).toEqual([
      'No Data section was found; no clips were read',
    ]);
  });
});

describe('reading CSV clip lists', () => {
  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    const text = [
      'Clip Name,Reel Name,Comments',
      'A001C001,A001,"Wide, locked off"',
      'A001C002,A001,"The ""hero"" take',
      'second line of the note"',
      '"A001C003" , A001 ,  plain  ',
    ].join('\r\n');

    const table = parseClipCsv(text);

    expect(table.columns).toEqual(['Clip Name', 'Reel Name', 'Comments']);
    expect(table.rows).toEqual([
      { 'Clip Name': 'A001C001', 'Reel Name': 'A001', Comments: 'Wide, locked off' },
      {
        'Clip Name': 'A001C002',
        'Reel Name': 'A001',
        Comments: 'The "hero" take\nsecond line of the note',
      },
      { 'Clip Name': 'A001C003', 'Reel Name': 'A001', Comments: 'plain' },
    ]);
    expect(table.warnings).toEqual([]);
  });

  it('finds semicolon and tab separators from the header row', () => {
    const semicolons = 'Name;Scene;Comment\nA001C001;12;"Nah, zu dunkel; nochmal"\n';
    const tabbed = '\uFEFFName\tScene\tComment\nA001C001\t12\tok, good\n';

    expect(parseClipCsv(semicolons).rows).toEqual([
      { Name: 'A001C001', Scene: '12', Comment: 'Nah, zu dunkel; nochmal' },
    ]);
    expect(parseClipCsv(tabbed).rows).toEqual([
      { Name: 'A001C001', Scene: '12', Comment: 'ok, good' },
    ]);
  });

  it('honours the sep= line Excel writes first', () => {
    const table = parseClipCsv('sep=;\nName;Take\nA001C001;3,5\n');

    expect(table.rows).toEqual([{ Name: 'A001C001', Take: '3,5' }]);
  });

  it('reports a quote that is never closed', () => {
    const table = parseClipCsv('Name,Comment\nA001C001,"runs on\nA001C002,x\n');

    expect(table.rows).toEqual([{ Name: 'A001C001', Comment: 'runs on\nA001C002,x\n' }]);
    expect(table.warnings).toEqual(['The quote opened on line 2 is never closed; read to the end']);
  });

  it('skips blank lines and lines of only separators', () => {
    const table = parseClipCsv('\n\nName,Tape\n\nA001C001,A001\n,,\n  \nA001C002,A001\n\n');

    expect(table.rows).toEqual([
      { Name: 'A001C001', Tape: 'A001' },
      { Name: 'A001C002', Tape: 'A001' },
    ]);
  });
});

describe('importing clip lists as a project', () => {
  it('maps Silverstack column names to the API fields of a VideoClip', () => {
    const text = ale(
      [
        'Name',
        'Tracks',
        'Start',
        'End',
        'Duration',
        'Tape',
        'Source File',
        'Scene',
        'Shot',
        'Take',
        'Camera',
        'Camera Type',
        'Lens',
        'ISO',
        'White Balance',
        'Tint',
        'Shoot Date',
        'Circled',
        'ShotID',
        'Location',
        'Comments',
        'Sound Roll',
      ],
      [
        [
          'A001C004_230411_R2XK',
          'V',
          '09:20:00:00',
          '09:20:41:12',
          '00:00:41:12',
          'A001',
          '/Volumes/A001/A001C004_230411_R2XK.mxf',
          '12',
          '2',
          '3',
          'A',
          'ARRI ALEXA 35',
          'Cooke S7/i 75mm',
          '800',
          '4300K',
          '-2',
          '2023-04-11',
          'Y',
          'A1C-D2F-G3H',
          'Kitchen',
          'Hero take',
          'S004',
        ],
      ],
      ['FPS\t23.976'],
    );

    const { project, warnings } = importWithWarnings([{ name: 'A001.ale', text }]);

    const [asset] = project.assets;
    expect(asset?.grade).toBeUndefined();
    expect(asset?.fields).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: 'A001C004_230411_R2XK',
      assetType: 'VideoClip',
      type: 'Video',
      shotId: 'A1C-D2F-G3H',
      episode: null,
      scene: '12',
      shot: '2',
      take: '3',
      shootingDay: '1',
      shootingDate: '2023-04-11',
      reel: 'A001',
      cameraIndex: 'A',
      manufacturer: 'ARRI',
      model: 'ALEXA 35',
      lensModel: 'Cooke S7/i 75mm',
      location: 'Kitchen',
      tcStart: '09:20:00:00',
      tcEnd: '09:20:41:12',
      tcFps: 23.976,
      tcDropFlag: false,
      duration: '00:00:41:12',
      durationInSecs: 41.542,
      flag: true,
      hasDynamicMetadata: false,
      asa: 800,
      whiteBalance: 4300,
      greenTint: -2,
      comment: 'Hero take',
      sourceFile: '/Volumes/A001/A001C004_230411_R2XK.mxf',
      tracks: 'V',
      soundRoll: 'S004',
    });
    expect(warnings).toEqual([]);
  });

  it('reads Resolve and Avid spellings of the same columns', () => {
    const text = [
      'File Name,Reel Name,Start TC,End TC,Camera #,Camera Manufacturer,Camera Model,' +
        'Lens Type,Exposure Index,WB,Good Take,Shot ID,Video Frame Rate,Date Recorded',
      'B001C007_230412_7Q.mov,B001,08:50:00:00,08:50:05:00,b,Sony,VENICE 2,' +
        'Zeiss Supreme 50mm,EI 800,5600,yes,B7Q-K2L-M4N,25.000,2023/04/12',
    ].join('\n');

    const fields = importProject([{ name: 'resolve.csv', text }]).assets[0]!.fields;

    expect(fields).toMatchObject({
      name: 'B001C007_230412_7Q',
      sourceFile: 'B001C007_230412_7Q.mov',
      reel: 'B001',
      tcStart: '08:50:00:00',
      tcEnd: '08:50:05:00',
      tcFps: 25,
      duration: '00:00:05:00',
      durationInSecs: 5,
      cameraIndex: 'B',
      manufacturer: 'Sony',
      model: 'VENICE 2',
      lensModel: 'Zeiss Supreme 50mm',
      asa: 'EI 800',
      whiteBalance: 5600,
      flag: true,
      shotId: 'B7Q-K2L-M4N',
      shootingDate: '2023-04-12',
    });
  });

  it('gives ISO, white balance and tint as numbers when they are numbers', () => {
    const text = [
      'Name;ISO;Kelvin;Tint',
      'A1;1,280;5,600 K;-1,5',
      'A2;800;3200k;+2',
      'A3;Auto;AWB;',
    ].join('\n');

    const exposure = importedClips(text, 'exposure.csv').map((clip) => [
      clip.asa,
      clip.whiteBalance,
      clip.greenTint,
    ]);

    expect(exposure).toEqual([
      [1280, 5600, -1.5],
      [800, 3200, 2],
      ['Auto', 'AWB', null],
    ]);
  });

  it('keeps every column it has no API field for under a camelCase name', () => {
    const customColumns = Array.from({ length: 295 }, (_, i) => `Custom Field ${i + 1}`);
    const columns = ['Name', 'Tape', 'Start', 'End', 'FPS', ...customColumns];
    const values = customColumns.map((_, i) => (i % 3 === 2 ? '' : `value ${i + 1}`));
    const text = ale(columns, [
      ['A001C001', 'A001', '10:00:00:00', '10:00:04:00', '25', ...values],
    ]);

    expect(parseAle(text).columns).toHaveLength(300);
    const fields = importProject([{ name: 'wide.ale', text }]).assets[0]!.fields;

    expect(fields.customField1).toBe('value 1');
    expect(fields.customField2).toBe('value 2');
    expect(fields.customField3).toBeNull();
    expect(fields.customField295).toBe('value 295');
    expect(Object.keys(fields).filter((key) => key.startsWith('customField'))).toHaveLength(295);
    expect(fields).toMatchObject({ name: 'A001C001', reel: 'A001', duration: '00:00:04:00' });
  });

  it('keeps a column whose name is an API field under an imported… name', () => {
    const text =
      'Name,ID,Type,Shooting Day,Sound Roll,Sound_Roll\nA001C001,42,Interview,DT 3,S1,S2\n';

    const { project, warnings } = importWithWarnings([{ name: 'day.csv', text }]);

    expect(project.assets[0]!.fields).toMatchObject({
      id: expect.stringMatching(/^a1e00000/),
      type: 'Video',
      importedId: '42',
      importedType: 'Interview',
      importedShootingDay: 'DT 3',
      shootingDay: null,
    });
    expect(project.assets[0]!.fields).toMatchObject({ soundRoll: 'S1', soundRoll2: 'S2' });
    expect(warnings).toEqual([
      'day.csv: Column "ID" would overwrite the API field id; kept as importedId',
      'day.csv: Column "Type" would overwrite the API field type; kept as importedType',
      'day.csv: Column "Shooting Day" would overwrite the API field shootingDay; ' +
        'kept as importedShootingDay',
      'day.csv: Column "Sound_Roll" would share the field name soundRoll with another ' +
        'column; kept as soundRoll2',
      'day.csv: The file has no Start, End or Duration column, so its clips have no timecode',
    ]);
  });

  it('reads timecode at the heading FPS when the columns give no rate', () => {
    const text = [
      'Heading',
      'FPS\t25',
      'Column',
      tabs('Name', 'Tape', 'Start', 'Duration'),
      'Data',
      tabs('A001C001', 'A001', '10:00:00:00', '00:00:10:12'),
    ].join('\n');

    const fields = importProject([{ name: 'pal.ale', text }]).assets[0]!.fields;

    expect(fields).toMatchObject({
      tcStart: '10:00:00:00',
      tcEnd: '10:00:10:12',
      tcFps: 25,
      tcDropFlag: false,
      duration: '00:00:10:12',
      durationInSecs: 10.48,
    });
  });

  it('reads timecode at 24 fps, with a warning, when nothing names a rate', () => {
    const { project, warnings } = importWithWarnings([
      { name: 'norate.csv', text: 'Name,Start,End\nA001C001,01:00:00:00,01:00:01:12\n' },
    ]);

    expect(project.assets[0]!.fields).toMatchObject({ tcFps: 24, duration: '00:00:01:12' });
    expect(project.assets[0]!.fields.durationInSecs).toBe(1.5);
    expect(warnings).toEqual([
      'norate.csv: No frame rate in the file; timecodes are read at 24 fps',
    ]);
  });

  it('reads a 29.97 drop-frame clip list and counts the skipped labels', () => {
    const text = [
      'Name,Reel,Start TC,End TC,Duration,FPS',
      'C001_0001,C001,01:00:00;00,01:01:00;02,,29.97',
      'C001_0002,C001,00:09:59;28,,00:00:00:10,29.97',
      'C001_0003,C001,00:10:59;29,,1,29.97 DF',
    ].join('\n');

    const { project, warnings } = importWithWarnings([{ name: 'crash.csv', text }]);

    const timing = project.assets.map((asset) => {
      const { tcStart, tcEnd, tcFps, tcDropFlag, duration, durationInSecs } = asset.fields;
      return { tcStart, tcEnd, tcFps, tcDropFlag, duration, durationInSecs };
    });
    expect(timing).toEqual([
      {
        tcStart: '01:00:00;00',
        tcEnd: '01:01:00;02',
        tcFps: 29.97,
        tcDropFlag: true,
        duration: '00:01:00:00',
        durationInSecs: 60.06,
      },
      {
        tcStart: '00:09:59;28',
        tcEnd: '00:10:00;08',
        tcFps: 29.97,
        tcDropFlag: true,
        duration: '00:00:00:10',
        durationInSecs: 0.334,
      },
      {
        tcStart: '00:10:59;29',
        tcEnd: '00:11:00;02',
        tcFps: 29.97,
        tcDropFlag: true,
        duration: '00:00:00:01',
        durationInSecs: 0.033,
      },
    ]);
    for (const asset of project.assets) expectTimecodesAgree(asset.fields);
    expect(warnings).toEqual([]);
  });

  it('reads drop-frame from a Drop Frame column when the separators are all colons', () => {
    const text = 'Name,Start,End,FPS,Drop Frame\nC1,01:00:00:00,01:01:00:02,29.97,Yes\n';

    const fields = importProject([{ name: 'df.csv', text }]).assets[0]!.fields;

    expect(fields).toMatchObject({ tcStart: '01:00:00;00', tcEnd: '01:01:00;02' });
    expect(fields).toMatchObject({ tcDropFlag: true, duration: '00:01:00:00' });
  });

  it('works out End from Start and Duration, and leaves both out when neither is given', () => {
    const text = ale(
      ['Name', 'Tape', 'Start', 'End', 'Duration'],
      [
        ['A001C001', 'A001', '23:59:50:00', '', '00:00:20:00'],
        ['A001C002', 'A001', '10:00:00:00', '', '480'],
        ['A001C003', 'A001', '11:00:00:00', '', ''],
        ['A001C004', 'A001', '11:10:00:00'],
      ],
    );

    const { project, warnings } = importWithWarnings([{ name: 'A001.ale', text }]);

    expect(clipNamed(project, 'A001C001')).toMatchObject({
      tcStart: '23:59:50:00',
      tcEnd: '00:00:10:00',
      duration: '00:00:20:00',
    });
    expect(clipNamed(project, 'A001C002')).toMatchObject({
      tcEnd: '10:00:19:05',
      duration: '00:00:19:05',
      durationInSecs: 19.2,
    });
    const withoutEnd = clipNamed(project, 'A001C003');
    expect(withoutEnd.tcStart).toBe('11:00:00:00');
    expect(withoutEnd).not.toHaveProperty('tcEnd');
    expect(withoutEnd).not.toHaveProperty('duration');
    expect(withoutEnd).not.toHaveProperty('durationInSecs');
    expect(warnings).toEqual([
      'A001.ale: Line 13 has fewer cells than the 5 columns; the missing cells are read as ' +
        'empty',
      'A001.ale: "A001C003" and "A001C004" have a Start but neither End nor Duration; tcEnd, ' +
        'duration and durationInSecs are left out',
    ]);
  });

  it('trusts Start and End over a Duration that disagrees, and says so', () => {
    const text = 'Name,Start,End,Duration,FPS\nA1,10:00:00:00,10:00:10:00,00:00:09:00,25\n';

    const { project, warnings } = importWithWarnings([{ name: 'a.csv', text }]);

    expect(project.assets[0]!.fields.duration).toBe('00:00:10:00');
    expect(warnings).toEqual([
      'a.csv: Clip "A1": Duration 00:00:09:00 disagrees with Start and End, which span ' +
        '00:00:10:00; Start and End are used',
    ]);
  });

  it('reports timecode it cannot read and leaves it out', () => {
    const text = 'Name,Start,End,FPS\nA1,10:00:00:30,10:00:01:00,25\n';

    const { project, warnings } = importWithWarnings([{ name: 'bad.csv', text }]);

    expect(project.assets[0]!.fields).not.toHaveProperty('tcStart');
    expect(warnings).toEqual([
      'bad.csv: Clip "A1": Start skipped. Invalid timecode "10:00:00:30": frames must be 00 ' +
        'to 24 at 25 fps. Expected HH:MM:SS:FF, or HH:MM:SS;FF for drop-frame.',
    ]);
  });

  it('splits a combined camera type only when it starts with a known maker', () => {
    const text = [
      'Name,Camera Type,Camera',
      'A1,ARRI ALEXA 35,A',
      'B1,Blackmagic Design URSA Mini Pro 12K,B',
      'C1,GoPro HERO11,C',
      'D1,,DJI Inspire 3',
      'E1,,Steadicam',
    ].join('\n');

    const { project, warnings } = importWithWarnings([{ name: 'cams.csv', text }]);

    const cameras = project.assets.map(({ fields }) => [
      fields.name,
      fields.cameraIndex,
      fields.manufacturer,
      fields.model,
    ]);
    expect(cameras).toEqual([
      ['A1', 'A', 'ARRI', 'ALEXA 35'],
      ['B1', 'B', 'Blackmagic Design', 'URSA Mini Pro 12K'],
      ['C1', 'C', null, 'GoPro HERO11'],
      ['D1', null, 'DJI', 'Inspire 3'],
      ['E1', null, null, null],
    ]);
    expect(clipNamed(project, 'E1').camera).toBe('Steadicam');
    expect(warnings).toContain(
      'cams.csv: Camera is not a single camera letter for "E1"; cameraIndex is left empty ' +
        'and the value kept as camera',
    );
  });

  it('reads every way a take is marked circled', () => {
    const marks = ['Y', 'yes', '1', 'TRUE', '*', '✓', 'N', '0', '', 'maybe'];
    const text = ['Name,Circled', ...marks.map((mark, i) => `C${i + 1},${mark}`)].join('\n');

    const { project, warnings } = importWithWarnings([{ name: 'takes.csv', text }]);

    expect(project.assets.map((asset) => asset.fields.flag)).toEqual([
      ...[true, true, true, true, true, true],
      ...[false, false, false, false],
    ]);
    expect(clipNamed(project, 'C10').circled).toBe('maybe');
    expect(warnings).toContain(
      'takes.csv: Circle mark "maybe" is not one of Y, Yes, 1, True, * or ✓ for "C10"; read ' +
        'as not circled and kept as circled',
    );
  });

  it('turns ASC_SOP and ASC_SAT into an imported CDL grade', () => {
    const text = ale(
      ['Name', 'ASC_SOP', 'ASC_SAT'],
      [
        ['A1', '(1.0200 1.0000 0.9700)(0.0100 0.0000 -0.0100)(1.0000 1.0000 1.0200)', '0.9500'],
        ['A2', '', ''],
        ['A3', '(1 1 1) (0 0 0)', '1'],
      ],
    );

    const { project, warnings } = importWithWarnings([{ name: 'look.ale', text }]);

    expect(project.assets[0]!.grade).toEqual({
      name: 'Imported CDL',
      mode: 'CDL',
      cdl: {
        slope: [1.02, 1, 0.97],
        offset: [0.01, 0, -0.01],
        power: [1, 1, 1.02],
        saturation: 0.95,
      },
    });
    expect(project.assets[1]!.grade).toBeUndefined();
    expect(project.assets[2]!.grade).toBeUndefined();
    expect(project.assets[2]!.fields.ascSop).toBe('(1 1 1) (0 0 0)');
    expect(warnings).toContain(
      'look.ale: Clip "A3": ASC_SOP "(1 1 1) (0 0 0)" is not three groups of three numbers ' +
        'like (1 1 1)(0 0 0)(1 1 1); no CDL was made and the value is kept as ascSop',
    );
  });

  describe('shoot dates', () => {
    it('files clips in one folder per date, numbered in date order, undated last', () => {
      const text = [
        'Name,Tape,Shoot Date',
        'A003C001,A003,12.04.2023',
        'A001C001,A001,2023-04-11',
        'A002C001,A002,2023-04-11T18:30:00Z',
        'X001,,',
        'A004C001,A004,20230413',
      ].join('\n');

      const project = importProject([{ name: 'days.csv', text }]);

      expect(folderNames(project)).toEqual([
        { name: 'Shooting Day 1 (2023-04-11)', bins: ['A001', 'A002'] },
        { name: 'Shooting Day 2 (2023-04-12)', bins: ['A003'] },
        { name: 'Shooting Day 3 (2023-04-13)', bins: ['A004'] },
        { name: 'Undated', bins: ['No Reel'] },
      ]);
      expect(clipNamed(project, 'A003C001')).toMatchObject({
        shootingDay: '2',
        shootingDate: '2023-04-12',
      });
      expect(clipNamed(project, 'X001')).toMatchObject({
        shootingDay: null,
        shootingDate: null,
        reel: null,
      });
    });

    it('reads NN/NN/YYYY dates only when a day above 12 shows which comes first', () => {
      const monthFirst = 'Name,Date\nA1,04/11/2023\nA2,04/13/2023\n';
      const dayFirst = 'Name,Date\nA1,11/04/2023\nA2,13/04/2023\n';
      const dates = (text: string) =>
        importProject([{ name: 'd.csv', text }]).assets.map((asset) => asset.fields.shootingDate);

      expect(dates(monthFirst)).toEqual(['2023-04-11', '2023-04-13']);
      expect(dates(dayFirst)).toEqual(['2023-04-11', '2023-04-13']);
    });

    it('files ambiguous NN/NN/YYYY dates as undated rather than guess', () => {
      const text = 'Name,Date\nA1,04/11/2023\nA2,05/11/2023\nA3,06/06/2023\n';

      const { project, warnings } = importWithWarnings([{ name: 'us-or-uk.csv', text }]);

      expect(project.assets.map((asset) => asset.fields.shootingDate)).toEqual([
        '2023-06-06',
        null,
        null,
      ]);
      expect(clipNamed(project, 'A1').date).toBe('04/11/2023');
      expect(folderNames(project).map((folder) => folder.name)).toEqual([
        'Shooting Day 1 (2023-06-06)',
        'Undated',
      ]);
      expect(warnings).toEqual([
        'us-or-uk.csv: The file has no Start, End or Duration column, so its clips have no ' +
          'timecode',
        'us-or-uk.csv: Column "Date" has dates of the form NN/NN/YYYY where no value shows ' +
          'whether the day or the month comes first, so those clips are filed under Undated',
      ]);
    });

    it('reports a date it cannot read', () => {
      const text = 'Name,Shooting Date\nA1,yesterday\nA2,2023-02-30\n';

      const { project, warnings } = importWithWarnings([{ name: 'x.csv', text }]);

      expect(project.assets.map((asset) => asset.fields.shootingDate)).toEqual([null, null]);
      expect(warnings).toEqual([
        'x.csv: The file has no Start, End or Duration column, so its clips have no timecode',
        'x.csv: Shoot date "yesterday" is not a date read as YYYY-MM-DD, DD.MM.YYYY or ' +
          'NN/NN/YYYY for "A1"; filed under Undated and kept as importedShootingDate',
        'x.csv: Shoot date "2023-02-30" is not a date read as YYYY-MM-DD, DD.MM.YYYY or ' +
          'NN/NN/YYYY for "A2"; filed under Undated and kept as importedShootingDate',
      ]);
    });
  });

  it('puts clips without a reel into a "No Reel" bin', () => {
    const text = ale(
      ['Name', 'Tape', 'Shoot Date'],
      [
        ['A001C001', 'A001', '2023-04-11'],
        ['PHONE_0001', '', '2023-04-11'],
        ['PHONE_0002', '  ', '2023-04-11'],
      ],
    );

    const project = importProject([{ name: 'mixed.ale', text }]);

    expect(folderNames(project)).toEqual([
      { name: 'Shooting Day 1 (2023-04-11)', bins: ['A001', 'No Reel'] },
    ]);
    const noReel = project.folders[0]!.children[1]!;
    expect(project.assets.filter((asset) => asset.folderId === noReel.id)).toHaveLength(2);
    expect(clipNamed(project, 'PHONE_0001').reel).toBeNull();
  });

  it('merges several files into one project and sorts reels as a card count runs', () => {
    const dayOne = ale(['Name', 'Tape', 'Date'], [['A010C001', 'A010', '2023-04-11']]);
    const dayOneMore = 'Name,Reel,Date\nA002C001,A002,2023-04-11\nA010C002,A010,2023-04-11\n';

    const project = importProject([
      { name: 'A010.ale', text: dayOne },
      { name: 'A002.csv', text: dayOneMore },
    ]);

    expect(project.name).toBe('A010');
    expect(folderNames(project)).toEqual([
      { name: 'Shooting Day 1 (2023-04-11)', bins: ['A002', 'A010'] },
    ]);
    expect(project.assets.map((asset) => asset.fields.name)).toEqual([
      'A002C001',
      'A010C001',
      'A010C002',
    ]);
  });

  it('gives the same ids for the same files, and none that the sample projects use', () => {
    const files = [{ name: 'A001.ale', text: ale(['Name', 'Tape'], [['A001C001', 'A001']]) }];
    const first = importProject(files);
    const again = importProject(files);
    const other = importProject([{ name: 'B.ale', text: files[0]!.text }]);

    const idsOf = (project: EmulatedProject) => [
      project.id,
      project.rootFolderId,
      ...project.folders.flatMap((folder) => [folder.id, ...folder.children.map((bin) => bin.id)]),
      ...project.assets.map((asset) => asset.fields.id),
    ];
    expect(idsOf(again)).toEqual(idsOf(first));
    expect(new Set(idsOf(first)).size).toBe(5);
    expect(idsOf(other)).not.toContain(first.id);

    const sampleIds = new Set(
      createSampleDataset().projects.flatMap((project) => [
        project.id,
        project.rootFolderId,
        ...project.assets.map((asset) => asset.fields.id),
      ]),
    );
    for (const id of idsOf(first)) {
      expect(id).toMatch(/^[0-9a-f]{24}$/);
      expect(sampleIds.has(id)).toBe(false);
    }
  });

  it('names the project after the file unless told otherwise, and adds the demo script', () => {
    const files = [{ name: '/exports/Birthday Cake Day 1.ALE', text: ale(['Name'], [['A1']]) }];

    expect(importProject(files)).toMatchObject({
      name: 'Birthday Cake Day 1',
      type: 'Silverstack',
      members: [DEMO_SCRIPT.scriptId],
    });
    expect(
      importProject(files, { projectName: 'Cake', scriptIds: [OTHER_SCRIPT.scriptId] }),
    ).toMatchObject({ name: 'Cake', members: [OTHER_SCRIPT.scriptId] });
  });

  it('refuses files that hold no clips at all', () => {
    expect(() => importProject([{ name: 'empty.csv', text: '\n\n' }])).toThrow(
      'No clips were found in empty.csv; each needs a header row of column names and one row ' +
        'per clip',
    );
    expect(() => importProject([])).toThrow('Give at least one ALE or CSV clip list to import');
  });

  it('serves the sample projects too when asked', () => {
    const files = [{ name: 'Mine.ale', text: ale(['Name'], [['A1']]) }];

    const alone = importDataset(files);
    const withSamples = importDataset(files, { withSamples: true });

    expect(alone.scripts).toEqual([DEMO_SCRIPT, OTHER_SCRIPT]);
    expect(alone.projects.map((project) => project.name)).toEqual(['Mine']);
    expect(withSamples.projects.map((project) => project.name)).toEqual([
      'Birthday Cake',
      'Hotel',
      'Überfahrt',
      'Nightingale (Closed Set)',
      'Mine',
    ]);
  });
});

// A day of a small production as Silverstack exports it: two cards on two days, circled takes
// and a look per clip from the DIT cart, the last two clips rolled before the look was set.
const SHOOT_ALE = [
  'Heading',
  'FIELD_DELIM\tTABS',
  'VIDEO_FORMAT\t1080',
  'AUDIO_FORMAT\t48khz',
  'FPS\t23.976',
  '',
  'Column',
  tabs(
    ...['Name', 'Tracks', 'Start', 'End', 'Duration', 'Tape', 'Scene', 'Shot', 'Take'],
    ...['Camera', 'Camera Type', 'Lens', 'ISO', 'Shoot Date', 'Circled', 'Location'],
    ...['ASC_SOP', 'ASC_SAT'],
  ),
  '',
  'Data',
  ...[
    ['A001C001', '09:12:04:00', '09:12:50:12', '00:00:46:12', 'A001', '12', '1', '1', ''],
    ['A001C002', '09:14:10:00', '09:15:02:06', '00:00:52:06', 'A001', '12', '1', '2', 'Y'],
    ['A001C003', '09:17:30:00', '09:18:01:00', '00:00:31:00', 'A001', '12', '2', '1', ''],
    ['A001C004', '09:20:00:00', '09:20:41:12', '00:00:41:12', 'A001', '12', '2', '2', 'Y'],
    ['A001C005', '09:23:15:00', '09:23:40:23', '00:00:25:23', 'A001', '4', '1', '1', 'Y'],
    ['A002C001', '08:47:31:00', '08:48:30:00', '00:00:59:00', 'A002', '7', '1', '1', ''],
    ['A002C002', '08:50:00:00', '08:51:05:12', '00:01:05:12', 'A002', '7', '1', '2', ''],
    ['A002C003', '08:53:20:00', '08:54:00:00', '00:00:40:00', 'A002', '7', '1', '3', 'Y'],
    ['A002C004', '08:57:00:00', '08:57:12:00', '00:00:12:00', 'A002', '7', '2', '1', ''],
    ['A002C005', '08:59:00:00', '08:59:30:12', '00:00:30:12', 'A002', '7', '2', '2', 'Y'],
  ].map(([name, start, end, duration, reel, scene, shot, take, circled], index) => {
    const day = reel === 'A001' ? ['2023-04-11', 'Kitchen'] : ['2023-04-12', 'Garden'];
    const graded = index < 8;
    return tabs(
      `${name}_${day[0]!.slice(2).replaceAll('-', '')}_R2XK`,
      'V',
      ...[start!, end!, duration!, reel!, scene!, shot!, take!],
      'A',
      'ARRI ALEXA 35',
      'Cooke S7/i 32mm',
      '800',
      day[0]!,
      circled!,
      day[1]!,
      graded ? `(1.0${index} 1.00 0.97)(0.010 0.000 -0.010)(1.00 1.00 1.00)` : '',
      graded ? '0.90' : '',
    );
  }),
  '',
].join('\r\n');

describe('an imported production served by the emulator over HTTP', () => {
  let emulator: ShotHubEmulator | undefined;
  let token = '';
  const warnings: string[] = [];

  beforeAll(async () => {
    const dataset = importDataset([{ name: 'Birthday Cake Week 1.ale', text: SHOOT_ALE }], {
      onWarning: (warning) => warnings.push(warning),
    });
    emulator = await startEmulator({ port: 0, dataset });
    const script = dataset.scripts[0]!;
    const response = await fetch(`${emulator.baseUrl}/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scriptId: script.scriptId, scriptKey: script.scriptKey }),
    });
    expect(response.status).toBe(200);
    token = ((await response.json()) as { id_token: string }).id_token;
  });
  afterAll(async () => {
    await emulator?.close();
  });

  async function getJson(path: string): Promise<unknown> {
    const response = await fetch(`${emulator!.baseUrl}/v1.0/${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status, path).toBe(200);
    return response.json();
  }

  async function importedProject() {
    const projects = (await getJson('projects')) as { id: string; name: string }[];
    expect(projects.map((project) => project.name)).toEqual(['Birthday Cake Week 1']);
    return projects[0] as { id: string; name: string; rootFolderId: string };
  }

  it('imports the file without a warning', () => {
    expect(warnings).toEqual([]);
  });

  it('lists the project with a folder per shooting day and a bin per card', async () => {
    const project = await importedProject();

    type Node = { id: string; name: string; children: Node[] };
    const tree = (await getJson(`folders-tree/${project.id}`)) as Node[];

    expect(
      tree.map((folder) => ({ name: folder.name, bins: folder.children.map((bin) => bin.name) })),
    ).toEqual([
      { name: 'Shooting Day 1 (2023-04-11)', bins: ['A001'] },
      { name: 'Shooting Day 2 (2023-04-12)', bins: ['A002'] },
    ]);
  });

  it('serves every clip with its slate, camera, timecode and circle mark', async () => {
    const project = await importedProject();
    const clips = (await getJson(
      `assets?folderId=${project.rootFolderId}&pageSize=50`,
    )) as Fields[];

    expect(clips).toHaveLength(10);
    expect(clips.filter((clip) => clip.flag).map((clip) => clip.name)).toEqual([
      'A001C002_230411_R2XK',
      'A001C004_230411_R2XK',
      'A001C005_230411_R2XK',
      'A002C003_230412_R2XK',
      'A002C005_230412_R2XK',
    ]);
    expect(clips[6]).toEqual({
      id: expect.stringMatching(/^a1e00000[0-9a-f]{16}$/),
      name: 'A002C002_230412_R2XK',
      assetType: 'VideoClip',
      type: 'Video',
      episode: null,
      scene: '7',
      shot: '1',
      take: '2',
      shootingDay: '2',
      shootingDate: '2023-04-12',
      reel: 'A002',
      cameraIndex: 'A',
      manufacturer: 'ARRI',
      model: 'ALEXA 35',
      lensModel: 'Cooke S7/i 32mm',
      location: 'Garden',
      tcStart: '08:50:00:00',
      tcEnd: '08:51:05:12',
      tcFps: 23.976,
      tcDropFlag: false,
      duration: '00:01:05:12',
      durationInSecs: 65.566,
      flag: false,
      hasDynamicMetadata: false,
      asa: 800,
      tracks: 'V',
    });
    for (const clip of clips) expectTimecodesAgree(clip);
  });

  it('serves the imported CDL with the clip and in the folder CDL archive', async () => {
    const project = await importedProject();
    const clips = (await getJson(
      `assets?folderId=${project.rootFolderId}&pageSize=50`,
    )) as Fields[];

    const detail = (await getJson(`assets/${clips[2]!.id}?parts=gradeInfo`)) as {
      parts: { gradeInfo: { grade: unknown } };
    };
    expect(detail.parts.gradeInfo.grade).toEqual({
      name: 'Imported CDL',
      mode: 'CDL',
      cdl: {
        slope: [1.02, 1, 0.97],
        offset: [0.01, 0, -0.01],
        power: [1, 1, 1],
        saturation: 0.9,
      },
    });

    const response = await fetch(`${emulator!.baseUrl}/v1.0/cdl-zip/${project.rootFolderId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const entries = zipEntries(Buffer.from(await response.arrayBuffer()));
    expect(entries.map((entry) => entry.name)).toEqual([
      'A001C001_230411_R2XK.cdl',
      'A001C002_230411_R2XK.cdl',
      'A001C003_230411_R2XK.cdl',
      'A001C004_230411_R2XK.cdl',
      'A001C005_230411_R2XK.cdl',
      'A002C001_230412_R2XK.cdl',
      'A002C002_230412_R2XK.cdl',
      'A002C003_230412_R2XK.cdl',
    ]);
    expect(entries[2]!.content).toContain('<Slope>1.020000 1.000000 0.970000</Slope>');
    expect(entries[2]!.content).toContain('<Saturation>0.900000</Saturation>');
  });
});

/** The entries of a ZIP archive, read from its local headers in order. */
function zipEntries(archive: Buffer): { name: string; content: string }[] {
  const entries: { name: string; content: string }[] = [];
  let offset = 0;
  while (archive.readUInt32LE(offset) === 0x04034b50) {
    const packedSize = archive.readUInt32LE(offset + 18);
    const nameLength = archive.readUInt16LE(offset + 26);
    const extraLength = archive.readUInt16LE(offset + 28);
    const name = archive.toString('utf8', offset + 30, offset + 30 + nameLength);
    const dataStart = offset + 30 + nameLength + extraLength;
    const content = inflateRawSync(archive.subarray(dataStart, dataStart + packedSize));
    entries.push({ name, content: content.toString('utf8') });
    offset = dataStart + packedSize;
  }
  return entries;
}
