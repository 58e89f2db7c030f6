import {
  formatFrameDuration,
  formatTimecode,
  framesToSeconds,
  parseTimecode,
} from '../timecode.js';
import type {
  CdlValues,
  Dataset,
  EmulatedAsset,
  EmulatedFolder,
  EmulatedGrade,
  EmulatedProject,
  ScriptAccount,
} from './dataset.js';

// The sample productions are invented. Their shape follows what Pomfort documents: Silverstack
// projects hold shooting-day folders with one bin per camera card, named after the reel;
// Livegrade projects have one top-level folder per Livegrade instance. Field names beyond the
// ones Pomfort's samples read (reel, cameraIndex, lensModel on clips, shootingDate) are guesses.

/** The script the demo mode logs in as. A local-only credential, not a secret. */
export const DEMO_SCRIPT: ScriptAccount = {
  scriptId: '6435300a9e6b1c2d3f4a5b6c/DemoScript',
  scriptKey: 'DemoKeyForTheLocalShotHubEmulatr',
};

/** A second script, added to a project the demo script cannot see. */
export const OTHER_SCRIPT: ScriptAccount = {
  scriptId: '6435300a9e6b1c2d3f4a5b6c/NightingaleLab',
  scriptKey: 'OtherKeyForTheLocalShotHubEmultr',
};

/** Ids Pomfort's sample scripts use, so that they run against the emulator unchanged. */
export const SAMPLE_PROJECT_ID = '643533041b92c40aa318d8db';
export const SAMPLE_FOLDER_ID = '641af9c62e1cfc1ad167ce20';

interface Camera {
  manufacturer: string | null;
  model: string | null;
  index: string;
  rate: number;
  dropFrame: boolean;
  clipName: (reel: string, clip: number, date: string) => string;
}

interface TakePlan {
  scene: string | null;
  shot: string | null;
  takes: number;
  circled?: number[];
  lens: string;
  /** Which takes carry per-frame lens data. */
  dynamic?: 'all' | 'circled';
  zoom?: [number, number];
  look?: string;
  seconds?: [number, number];
  /** A clip rolled on without its take being logged. */
  noTake?: boolean;
}

interface CardPlan {
  reel: string;
  camera: Camera;
  startTc: string;
  location: string;
  plans: TakePlan[];
}

interface DayPlan {
  folder: string;
  day: string;
  date: string;
  cards: CardPlan[];
}

interface ProjectPlan {
  id: string;
  name: string;
  type: 'Silverstack' | 'Livegrade';
  members: string[];
  seed: number;
  assetType: 'VideoClip' | 'Shot';
  /** Top-level folders, each holding day folders. Silverstack projects have one unnamed. */
  instances: { name: string | undefined; days: DayPlan[] }[];
  looks?: Record<string, { mode: string; base: CdlValues }>;
  /** ShotIDs fixed by hand, keyed by `reel/clip number`. */
  shotIds?: Record<string, string>;
}

const arriName = (suffix: string) => (reel: string, clip: number, date: string) =>
  `${reel}C${pad(clip, 3)}_${date.slice(2).replaceAll('-', '')}_${suffix}`;

const ALEXA_35: Camera = {
  manufacturer: 'ARRI',
  model: 'ALEXA 35',
  index: 'A',
  rate: 23.976,
  dropFrame: false,
  clipName: arriName('R2XK'),
};
const VENICE_2: Camera = {
  manufacturer: 'Sony',
  model: 'VENICE 2',
  index: 'B',
  rate: 23.976,
  dropFrame: false,
  clipName: (reel, clip, date) => `${reel}C${pad(clip, 3)}_${date.slice(2).replaceAll('-', '')}7Q`,
};
// A crash camera whose files carried no camera metadata.
const CRASH_CAM: Camera = {
  manufacturer: null,
  model: null,
  index: 'C',
  rate: 29.97,
  dropFrame: true,
  clipName: (reel, clip) => `${reel}_${pad(clip, 4)}`,
};
const MINI_LF_A: Camera = {
  manufacturer: 'ARRI',
  model: 'ALEXA Mini LF',
  index: 'A',
  rate: 23.976,
  dropFrame: false,
  clipName: arriName('R1AB'),
};
const MINI_LF_B: Camera = { ...MINI_LF_A, index: 'B', clipName: arriName('R4DW') };
const DRONE_CAM: Camera = {
  manufacturer: 'DJI',
  model: 'Inspire 3',
  index: 'D',
  rate: 25,
  dropFrame: false,
  clipName: arriName('DJ01'),
};
const V_RAPTOR: Camera = {
  manufacturer: 'RED',
  model: 'V-RAPTOR',
  index: 'A',
  rate: 25,
  dropFrame: false,
  clipName: (reel, clip, date) => `${reel}_C${pad(clip, 3)}_${date.slice(5).replace('-', '')}QK`,
};

const BIRTHDAY_CAKE: ProjectPlan = {
  id: SAMPLE_PROJECT_ID,
  name: 'Birthday Cake',
  type: 'Silverstack',
  members: [DEMO_SCRIPT.scriptId],
  seed: 11,
  assetType: 'VideoClip',
  shotIds: { 'A001/3': 'A1C-D2F-G3H' },
  instances: [
    {
      name: undefined,
      days: [
        {
          folder: 'Shooting Day 1',
          day: '1',
          date: '2023-04-11',
          cards: [
            {
              reel: 'A001',
              camera: ALEXA_35,
              startTc: '09:12:04:00',
              location: 'Kitchen',
              plans: [
                { scene: '12', shot: '1', takes: 5, circled: [3, 5], lens: 'Cooke S7/i 32mm' },
                { scene: '12', shot: '2', takes: 3, circled: [2], lens: 'Cooke S7/i 75mm' },
                {
                  scene: '4',
                  shot: '1',
                  takes: 3,
                  circled: [2],
                  lens: 'ARRI Signature Zoom 45-135mm',
                  dynamic: 'all',
                  zoom: [45, 135],
                },
                { scene: null, shot: null, takes: 1, lens: 'Cooke S7/i 32mm', seconds: [8, 12] },
              ],
            },
            {
              reel: 'B001',
              camera: VENICE_2,
              startTc: '09:12:10:00',
              location: 'Kitchen',
              plans: [
                { scene: '12', shot: '1', takes: 5, circled: [3, 5], lens: 'Zeiss Supreme 50mm' },
                { scene: '12', shot: '2', takes: 3, circled: [2], lens: 'Zeiss Supreme 85mm' },
                { scene: '4', shot: '1', takes: 3, circled: [2], lens: 'Zeiss Supreme 35mm' },
              ],
            },
          ],
        },
        {
          folder: 'Shooting Day 2',
          day: '2',
          date: '2023-04-12',
          cards: [
            {
              reel: 'A002',
              camera: ALEXA_35,
              startTc: '08:47:31:00',
              location: 'Garden',
              plans: [
                { scene: '7', shot: '1', takes: 4, circled: [4], lens: 'Cooke S7/i 40mm' },
                { scene: '7', shot: '2', takes: 2, circled: [1], lens: 'Cooke S7/i 100mm' },
                { scene: '12A', shot: '1', takes: 3, circled: [1, 3], lens: 'Cooke S7/i 50mm' },
              ],
            },
            {
              reel: 'A003',
              camera: ALEXA_35,
              startTc: '13:05:12:00',
              location: 'Living Room',
              plans: [
                {
                  scene: '15',
                  shot: '1',
                  takes: 6,
                  circled: [6],
                  lens: 'ARRI Signature Zoom 24-75mm',
                  dynamic: 'circled',
                  zoom: [24, 75],
                },
                { scene: '15', shot: '2', takes: 2, circled: [2], lens: 'Cooke S7/i 32mm' },
              ],
            },
            {
              reel: 'B002',
              camera: VENICE_2,
              startTc: '08:47:40:00',
              location: 'Garden',
              plans: [
                { scene: '7', shot: '1', takes: 4, circled: [4], lens: 'Zeiss Supreme 29mm' },
                { scene: '12A', shot: '1', takes: 3, circled: [1, 3], lens: 'Zeiss Supreme 65mm' },
              ],
            },
            {
              reel: 'C001',
              camera: CRASH_CAM,
              startTc: '13:20:00;00',
              location: 'Living Room',
              plans: [
                { scene: '15', shot: '3', takes: 4, circled: [2], lens: 'fixed 16mm' },
                {
                  scene: '15',
                  shot: '3',
                  takes: 1,
                  lens: 'fixed 16mm',
                  seconds: [20, 30],
                  noTake: true,
                },
              ],
            },
          ],
        },
        {
          folder: 'Shooting Day 3',
          day: '3',
          date: '2023-04-13',
          cards: [
            {
              reel: 'A004',
              camera: ALEXA_35,
              startTc: '10:31:55:00',
              location: 'Garden',
              plans: [
                {
                  scene: '21',
                  shot: '1',
                  takes: 5,
                  circled: [4, 5],
                  lens: 'ARRI Signature Zoom 45-135mm',
                  dynamic: 'circled',
                  zoom: [60, 135],
                },
                { scene: '12', shot: '3', takes: 2, circled: [2], lens: 'Cooke S7/i 25mm' },
              ],
            },
            {
              reel: 'B003',
              camera: VENICE_2,
              startTc: '10:32:02:00',
              location: 'Garden',
              plans: [
                { scene: '21', shot: '1', takes: 5, circled: [4], lens: 'Zeiss Supreme 40mm' },
                { scene: '21', shot: '2', takes: 3, circled: [3], lens: 'Zeiss Supreme 100mm' },
                { scene: null, shot: null, takes: 1, lens: 'Zeiss Supreme 40mm', seconds: [5, 9] },
              ],
            },
          ],
        },
      ],
    },
  ],
};

const HOTEL_LOOKS: ProjectPlan['looks'] = {
  Lobby_Warm: {
    mode: 'CDLandLUT',
    base: cdl([1.08, 1.0, 0.9], [0.012, 0.004, -0.01], [1.0, 1.0, 1.02], 0.95),
  },
  Suite_Morning: {
    mode: 'CDLandLUT',
    base: cdl([1.02, 1.01, 0.97], [0.0, 0.003, 0.006], [0.98, 0.99, 1.0], 1.05),
  },
  Corridor_Cool: {
    mode: 'ACES_CDL',
    base: cdl([0.94, 0.99, 1.07], [-0.008, 0.0, 0.014], [1.03, 1.01, 0.99], 0.88),
  },
  Rooftop_Night: {
    mode: 'ACES_CDL',
    base: cdl([0.9, 0.95, 1.12], [-0.02, -0.01, 0.018], [1.08, 1.05, 1.0], 0.8),
  },
};

const HOTEL: ProjectPlan = {
  id: '6436a2f1c9e77b1f0d3a5e10',
  name: 'Hotel',
  type: 'Livegrade',
  members: [DEMO_SCRIPT.scriptId],
  seed: 23,
  assetType: 'Shot',
  looks: HOTEL_LOOKS,
  instances: [
    {
      name: 'Livegrade Main Unit Cart',
      days: [
        {
          folder: 'Day 01',
          day: '1',
          date: '2023-04-11',
          cards: [
            {
              reel: 'A001',
              camera: MINI_LF_A,
              startTc: '10:05:00:00',
              location: 'Lobby',
              plans: [
                {
                  scene: '3',
                  shot: '1',
                  takes: 4,
                  circled: [4],
                  lens: 'Cooke S4/i 32mm',
                  look: 'Lobby_Warm',
                },
                {
                  scene: '3',
                  shot: '2',
                  takes: 3,
                  circled: [3],
                  lens: 'Cooke S4/i 50mm',
                  look: 'Lobby_Warm',
                },
              ],
            },
            {
              reel: 'B001',
              camera: MINI_LF_B,
              startTc: '10:05:06:00',
              location: 'Lobby',
              plans: [
                {
                  scene: '3',
                  shot: '1',
                  takes: 4,
                  circled: [4],
                  lens: 'Cooke S4/i 75mm',
                  look: 'Lobby_Warm',
                },
                {
                  scene: '3',
                  shot: '2',
                  takes: 3,
                  circled: [3],
                  lens: 'Cooke S4/i 100mm',
                  look: 'Lobby_Warm',
                },
              ],
            },
          ],
        },
        {
          folder: 'Day 02',
          day: '2',
          date: '2023-04-12',
          cards: [
            {
              reel: 'A002',
              camera: MINI_LF_A,
              startTc: '08:30:10:00',
              location: 'Suite 402',
              plans: [
                {
                  scene: '5',
                  shot: '1',
                  takes: 4,
                  circled: [2, 4],
                  lens: 'Cooke S4/i 40mm',
                  look: 'Suite_Morning',
                },
                {
                  scene: '5',
                  shot: '2',
                  takes: 3,
                  circled: [3],
                  lens: 'Cooke S4/i 65mm',
                  look: 'Suite_Morning',
                },
              ],
            },
            {
              reel: 'A003',
              camera: MINI_LF_A,
              startTc: '14:02:44:00',
              location: 'Corridor',
              plans: [
                {
                  scene: '8',
                  shot: '1',
                  takes: 5,
                  circled: [5],
                  lens: 'Cooke S4/i 25mm',
                  look: 'Corridor_Cool',
                },
                {
                  scene: '8',
                  shot: '2',
                  takes: 4,
                  circled: [4],
                  lens: 'Cooke S4/i 32mm',
                  look: 'Corridor_Cool',
                },
                {
                  scene: '9',
                  shot: '1',
                  takes: 4,
                  circled: [3],
                  lens: 'Cooke S4/i 50mm',
                  look: 'Corridor_Cool',
                },
              ],
            },
            {
              reel: 'B002',
              camera: MINI_LF_B,
              startTc: '08:30:15:00',
              location: 'Suite 402',
              plans: [
                {
                  scene: '5',
                  shot: '1',
                  takes: 4,
                  circled: [2, 4],
                  lens: 'Cooke S4/i 100mm',
                  look: 'Suite_Morning',
                },
              ],
            },
          ],
        },
        {
          folder: 'Day 03',
          day: '3',
          date: '2023-04-13',
          cards: [
            {
              reel: 'A004',
              camera: MINI_LF_A,
              startTc: '20:41:08:00',
              location: 'Rooftop Bar',
              plans: [
                {
                  scene: '11',
                  shot: '1',
                  takes: 5,
                  circled: [4],
                  lens: 'Cooke S4/i 32mm',
                  look: 'Rooftop_Night',
                },
                {
                  scene: '11',
                  shot: '2',
                  takes: 3,
                  circled: [2],
                  lens: 'Cooke S4/i 75mm',
                  look: 'Rooftop_Night',
                },
              ],
            },
            {
              reel: 'B003',
              camera: MINI_LF_B,
              startTc: '20:41:12:00',
              location: 'Rooftop Bar',
              plans: [
                {
                  scene: '11',
                  shot: '1',
                  takes: 5,
                  circled: [4],
                  lens: 'Cooke S4/i 50mm',
                  look: 'Rooftop_Night',
                },
              ],
            },
          ],
        },
      ],
    },
    {
      name: 'Livegrade 2nd Unit',
      days: [
        {
          folder: 'Day 02',
          day: '2',
          date: '2023-04-12',
          cards: [
            {
              reel: 'D001',
              camera: DRONE_CAM,
              startTc: '11:00:00:00',
              location: 'Hotel Facade',
              plans: [
                { scene: '5', shot: 'INS A', takes: 3, circled: [3], lens: 'DL 24mm' },
                { scene: '8', shot: 'INS B', takes: 3, circled: [1], lens: 'DL 24mm' },
              ],
            },
          ],
        },
        {
          folder: 'Day 03',
          day: '3',
          date: '2023-04-13',
          cards: [
            {
              reel: 'D002',
              camera: DRONE_CAM,
              startTc: '16:20:00:00',
              location: 'Hotel Facade',
              plans: [{ scene: '10', shot: '1', takes: 4, circled: [4], lens: 'DL 50mm' }],
            },
          ],
        },
      ],
    },
  ],
};

const UBERFAHRT: ProjectPlan = {
  id: '6437c4e0b15a2d9c8e4f7a21',
  name: 'Überfahrt',
  type: 'Silverstack',
  members: [DEMO_SCRIPT.scriptId],
  seed: 37,
  assetType: 'VideoClip',
  instances: [
    {
      name: undefined,
      days: [
        {
          folder: 'Drehtag 1 – Fähre',
          day: '1',
          date: '2023-05-02',
          cards: [
            {
              reel: 'A001',
              camera: V_RAPTOR,
              startTc: '07:58:00:00',
              location: 'Fähre „Nordlicht“',
              plans: [
                { scene: '1', shot: '1', takes: 6, circled: [5, 6], lens: 'Leica Summilux-C 25mm' },
                { scene: '1', shot: '2', takes: 5, circled: [5], lens: 'Leica Summilux-C 40mm' },
                { scene: '2', shot: '1', takes: 7, circled: [7], lens: 'Leica Summilux-C 18mm' },
                { scene: '2', shot: '2', takes: 4, circled: [3], lens: 'Leica Summilux-C 75mm' },
              ],
            },
          ],
        },
        {
          folder: 'Drehtag 2 – Hafen',
          day: '2',
          date: '2023-05-03',
          cards: [
            {
              reel: 'A002',
              camera: V_RAPTOR,
              startTc: '06:40:00:00',
              location: 'Hafen Kiel',
              plans: [
                { scene: '3', shot: '1', takes: 8, circled: [6, 8], lens: 'Leica Summilux-C 35mm' },
                { scene: '4', shot: '1', takes: 6, circled: [2], lens: 'Leica Summilux-C 50mm' },
                { scene: '5', shot: '1', takes: 5, circled: [5], lens: 'Leica Summilux-C 100mm' },
                { scene: '6', shot: '1', takes: 7, circled: [4, 7], lens: 'Leica Summilux-C 29mm' },
                { scene: '7', shot: '1', takes: 5, circled: [5], lens: 'Leica Summilux-C 21mm' },
              ],
            },
          ],
        },
      ],
    },
  ],
};

const NIGHTINGALE: ProjectPlan = {
  id: '6438d1aa04b7e3f25c9d0b42',
  name: 'Nightingale (Closed Set)',
  type: 'Silverstack',
  members: [OTHER_SCRIPT.scriptId],
  seed: 41,
  assetType: 'VideoClip',
  shotIds: { 'A001/1': 'N7G-H4T-K2L' },
  instances: [
    {
      name: undefined,
      days: [
        {
          folder: 'Shooting Day 1',
          day: '1',
          date: '2023-06-20',
          cards: [
            {
              reel: 'A001',
              camera: ALEXA_35,
              startTc: '18:00:00:00',
              location: 'Opera House',
              plans: [
                { scene: '1', shot: '1', takes: 9, circled: [9], lens: 'Cooke S7/i 50mm' },
                { scene: '2', shot: '1', takes: 9, circled: [6, 9], lens: 'Cooke S7/i 32mm' },
                { scene: '12', shot: '1', takes: 9, circled: [3], lens: 'Cooke S7/i 75mm' },
              ],
            },
            {
              reel: 'B001',
              camera: VENICE_2,
              startTc: '18:00:05:00',
              location: 'Opera House',
              plans: [
                { scene: '1', shot: '1', takes: 9, circled: [9], lens: 'Zeiss Supreme 85mm' },
                { scene: '2', shot: '1', takes: 9, circled: [6, 9], lens: 'Zeiss Supreme 50mm' },
                { scene: '12', shot: '1', takes: 9, circled: [3], lens: 'Zeiss Supreme 100mm' },
              ],
            },
          ],
        },
      ],
    },
  ],
};

/** The sample dataset: four projects, three of which the demo script was added to. */
export function createSampleDataset(): Dataset {
  return {
    scripts: [DEMO_SCRIPT, OTHER_SCRIPT],
    projects: [BIRTHDAY_CAKE, HOTEL, UBERFAHRT, NIGHTINGALE].map(buildProject),
  };
}

const CLIPS_PER_CARD = 25;
const CARDS_PER_DAY = 20;

/**
 * The sample projects plus a feature film's Silverstack project of about `clips` clips, for
 * benchmarks and load tests: a folder per shooting day, twenty cards a day (A and B cameras
 * in pairs that roll the same takes), twenty-five clips a card. 50,000 clips make 100 days
 * and 2,000 bins.
 */
export function createProductionDataset(clips: number): Dataset {
  const samples = createSampleDataset();
  const dayCount = Math.max(1, Math.ceil(clips / (CLIPS_PER_CARD * CARDS_PER_DAY)));
  const cardsPerCamera = { A: 0, B: 0 };
  const days: DayPlan[] = [];
  let remaining = clips;

  for (let day = 1; day <= dayCount; day++) {
    const date = new Date(Date.UTC(2024, 0, 8 + day)).toISOString().slice(0, 10);
    const cards: CardPlan[] = [];
    for (let card = 0; card < CARDS_PER_DAY && remaining > 0; card++) {
      const camera = card % 2 === 0 ? ALEXA_35 : VENICE_2;
      const letter = camera === ALEXA_35 ? 'A' : 'B';
      const reel = `${letter}${pad(++cardsPerCamera[letter], 3)}`;
      const size = Math.min(CLIPS_PER_CARD, remaining);
      remaining -= size;
      // The pair of cards k (A) and k+1 (B) covers the same five scenes.
      const firstScene = (day - 1) * 50 + Math.floor(card / 2) * 5 + 1;
      const plans: TakePlan[] = Array.from({ length: Math.ceil(size / 5) }, (_, index) => ({
        scene: String(firstScene + index),
        shot: '1',
        takes: Math.min(5, size - index * 5),
        circled: [5],
        lens: letter === 'A' ? 'Cooke S7/i 50mm' : 'Zeiss Supreme 85mm',
      }));
      cards.push({ reel, camera, startTc: '08:00:00:00', location: 'Stage 4', plans });
    }
    days.push({ folder: `Shooting Day ${day}`, day: String(day), date, cards });
  }

  const production = buildProject({
    id: '65a1b2c3d4e5f60718293a4b',
    name: `Feature (${clips} clips)`,
    type: 'Silverstack',
    members: [DEMO_SCRIPT.scriptId],
    seed: 53,
    assetType: 'VideoClip',
    instances: [{ name: undefined, days }],
  });
  return { ...samples, projects: [production, ...samples.projects] };
}

function buildProject(plan: ProjectPlan): EmulatedProject {
  const random = seededRandom(plan.seed);
  const ids = objectIds(plan.id);
  const usedShotIds = new Set(Object.values(plan.shotIds ?? {}));
  const state: BuildState = { random, ids, usedShotIds, rolled: new Map() };
  const assets: EmulatedAsset[] = [];
  const folders: EmulatedFolder[] = [];

  const addDays = (parent: EmulatedFolder[], days: DayPlan[]) => {
    for (const day of days) {
      const isMostRecentHotelDay = plan.id === HOTEL.id && day === HOTEL.instances[0]?.days[2];
      const dayFolder: EmulatedFolder = {
        id: isMostRecentHotelDay ? SAMPLE_FOLDER_ID : ids.next(),
        name: day.folder,
        type: 'folder',
        children: [],
      };
      for (const card of day.cards) {
        const bin: EmulatedFolder = { id: ids.next(), name: card.reel, type: 'bin', children: [] };
        dayFolder.children.push(bin);
        assets.push(...buildCard(plan, day, card, bin.id, state));
      }
      parent.push(dayFolder);
    }
  };

  for (const instance of plan.instances) {
    if (instance.name === undefined) {
      addDays(folders, instance.days);
      continue;
    }
    const top: EmulatedFolder = {
      id: ids.next(),
      name: instance.name,
      type: 'folder',
      children: [],
    };
    addDays(top.children, instance.days);
    folders.push(top);
  }

  return {
    id: plan.id,
    name: plan.name,
    rootFolderId: ids.next(),
    type: plan.type,
    members: plan.members,
    folders,
    assets,
  };
}

interface BuildState {
  random: () => number;
  ids: { next: () => string };
  usedShotIds: Set<string>;
  /** Takes already rolled on another camera, by day and slate: when, and for how long. */
  rolled: Map<string, { startSeconds: number; seconds: number }>;
}

function buildCard(
  plan: ProjectPlan,
  day: DayPlan,
  card: CardPlan,
  binId: string,
  state: BuildState,
): EmulatedAsset[] {
  const { camera } = card;
  const assets: EmulatedAsset[] = [];
  let nextStart = parseTimecode(card.startTc, camera.rate, { dropFrame: camera.dropFrame });
  let lastEnd = 0;
  let clipNumber = 0;

  for (const take of card.plans) {
    for (let takeNumber = 1; takeNumber <= take.takes; takeNumber++) {
      clipNumber++;
      const slate = `${day.date}|${take.scene}|${take.shot}|${takeNumber}`;
      const { start, frames } = rollTake(camera, take, state, slate, { nextStart, lastEnd });
      lastEnd = start + frames;
      nextStart = lastEnd + Math.round((40 + state.random() * 200) * camera.rate);

      const circled = take.circled?.includes(takeNumber) ?? false;
      const name = camera.clipName(card.reel, clipNumber, day.date);
      const dynamic = take.dynamic === 'all' || (take.dynamic === 'circled' && circled);
      const shotId =
        plan.assetType === 'VideoClip'
          ? (plan.shotIds?.[`${card.reel}/${clipNumber}`] ?? newShotId(state))
          : undefined;

      const fields: EmulatedAsset['fields'] = {
        id: state.ids.next(),
        name,
        assetType: plan.assetType,
        type: plan.assetType === 'Shot' ? 'Look' : 'Video',
        ...(shotId ? { shotId } : {}),
        episode: null,
        scene: take.scene,
        shot: take.shot,
        // A clip rolled without a slate has neither scene nor take logged.
        take: take.scene === null || take.noTake ? null : String(takeNumber),
        shootingDay: day.day,
        shootingDate: day.date,
        reel: card.reel,
        cameraIndex: camera.index,
        manufacturer: camera.manufacturer,
        model: camera.model,
        lensModel: take.lens,
        location: card.location,
        tcStart: formatTimecode(start, camera.rate, camera.dropFrame),
        tcEnd: formatTimecode(start + frames, camera.rate, camera.dropFrame),
        tcFps: camera.rate,
        tcDropFlag: camera.dropFrame,
        duration: formatFrameDuration(frames, camera.rate),
        durationInSecs: round(framesToSeconds(frames, camera.rate), 3),
        flag: circled,
        hasDynamicMetadata: dynamic,
      };
      if (plan.assetType === 'Shot')
        Object.assign(fields, shotFields(card, take, name, clipNumber));

      const asset: EmulatedAsset = { fields, folderId: binId };
      const look = take.look ? plan.looks?.[take.look] : undefined;
      if (take.look && look) asset.grade = gradeFor(take.look, look, state.random);
      if (dynamic) asset.dynamicMetadata = () => lensMetadataCsv(fields, take, frames);
      assets.push(asset);
    }
  }
  return assets;
}

/**
 * When and how long a take rolls. A take another camera already rolled on the same day is
 * rolled with it, a second or two apart, as multi-camera units do; timecode is jam-synced.
 */
function rollTake(
  camera: Camera,
  take: TakePlan,
  state: BuildState,
  slate: string,
  card: { nextStart: number; lastEnd: number },
): { start: number; frames: number } {
  const countingRate = Math.round(camera.rate);
  const other = take.scene === null ? undefined : state.rolled.get(slate);
  const [minSeconds, maxSeconds] = take.seconds ?? [25, 110];
  const seconds = other
    ? other.seconds + (state.random() - 0.5) * 4
    : minSeconds + state.random() * (maxSeconds - minSeconds);
  const wanted = other ? other.startSeconds + (state.random() - 0.5) * 3 : undefined;
  // A paired take only has to start after this camera's previous clip ended.
  const start =
    wanted === undefined
      ? card.nextStart
      : Math.max(card.lastEnd + countingRate, Math.round(wanted * countingRate));
  if (!other && take.scene !== null) {
    state.rolled.set(slate, { startSeconds: start / countingRate, seconds });
  }
  return { start, frames: Math.round(seconds * countingRate) };
}

function shotFields(card: CardPlan, take: TakePlan, name: string, clipNumber: number) {
  const night = card.location === 'Rooftop Bar';
  const exterior = card.location === 'Rooftop Bar' || card.location === 'Hotel Facade';
  return {
    // Livegrade names a shot after the camera clip it was graded on.
    clipName: name,
    clipIdentifier: name.split('_')[0],
    clipNumber: String(clipNumber),
    asa: night ? 1280 : 800,
    whiteBalance: night ? 3200 : exterior ? 5600 : 4300,
    greenTint: night ? 2 : 0,
    crewUnit: card.camera.index === 'D' ? '2nd Unit' : 'Main Unit',
    indoorOutdoor: exterior ? 'EXT' : 'INT',
    dayNight: night ? 'NIGHT' : 'DAY',
  };
}

function gradeFor(
  name: string,
  look: { mode: string; base: CdlValues },
  random: () => number,
): EmulatedGrade {
  // Each shot's grade is the scene look trimmed a little, as a DIT would on set.
  const trim = () => round((random() - 0.5) * 0.04, 4);
  const triple = (values: number[], spread: () => number) =>
    values.map((value) => round(value + spread(), 4)) as [number, number, number];
  return {
    name,
    mode: look.mode,
    cdl: {
      slope: triple(look.base.slope, trim),
      offset: triple(look.base.offset, () => round(trim() / 4, 4)),
      power: [...look.base.power],
      saturation: round(look.base.saturation + trim(), 4),
    },
  };
}

/**
 * Per-frame lens data as an on-set lens data system might record it: focal length (a zoom
 * moves), focus distance (a slow pull) and iris. Column names and units are guesses.
 */
function lensMetadataCsv(fields: EmulatedAsset['fields'], take: TakePlan, frames: number) {
  const rate = Number(fields.tcFps);
  const dropFrame = fields.tcDropFlag === true;
  const start = parseTimecode(String(fields.tcStart), rate, { dropFrame });
  const [zoomFrom, zoomTo] = take.zoom ?? [focalLengthOf(take.lens), focalLengthOf(take.lens)];
  const lines = ['Frame,Timecode,Focal Length (mm),Focus Distance (m),Iris (T),Lens'];

  for (let frame = 0; frame < frames; frame++) {
    const progress = frames > 1 ? frame / (frames - 1) : 0;
    // An eased move, so the extremes are the first and the last frame.
    const eased = (1 - Math.cos(Math.PI * progress)) / 2;
    const focal = zoomFrom + (zoomTo - zoomFrom) * eased;
    const focus = 4.5 - 2.7 * eased;
    lines.push(
      [
        frame,
        formatTimecode(start + frame, rate, dropFrame),
        focal.toFixed(1),
        focus.toFixed(2),
        '2.8',
        `"${take.lens}"`,
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

function focalLengthOf(lens: string): number {
  return Number(/(\d+)mm/.exec(lens)?.[1] ?? 0);
}

function newShotId(state: BuildState): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  for (;;) {
    const group = () =>
      letters[Math.floor(state.random() * letters.length)]! +
      String(Math.floor(state.random() * 10)) +
      letters[Math.floor(state.random() * letters.length)]!;
    const shotId = `${group()}-${group()}-${group()}`;
    if (!state.usedShotIds.has(shotId)) {
      state.usedShotIds.add(shotId);
      return shotId;
    }
  }
}

/** ObjectId-shaped ids: the project id's timestamp, a fixed middle, a running counter. */
function objectIds(projectId: string) {
  let counter = 0;
  const middle = projectId.slice(8, 18);
  return {
    next: () => {
      counter++;
      const suffix = (parseInt(projectId.slice(18), 16) + counter) % 0x1000000;
      return `${projectId.slice(0, 8)}${middle}${suffix.toString(16).padStart(6, '0')}`;
    },
  };
}

/** A small deterministic generator (mulberry32), so every run serves identical data. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cdl(
  slope: CdlValues['slope'],
  offset: CdlValues['offset'],
  power: CdlValues['power'],
  saturation: number,
): CdlValues {
  return { slope, offset, power, saturation };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
