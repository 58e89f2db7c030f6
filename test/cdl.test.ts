import { describe, expect, it } from 'vitest';

import { parseAscCdl } from '../src/shothub/cdl.js';

describe('reading an ASC CDL file', () => {
  it('reads slope, offset, power and saturation of a known correction to their numbers', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <ColorDecisionList xmlns="urn:ASC:CDL:v1.01">
        <ColorDecision>
          <ColorCorrection id="A003C012_230412_R1AB">
            <Description>Corridor &amp; Lobby</Description>
            <SOPNode>
              <Slope>0.9489 0.9919 1.0625</Slope>
              <Offset>-0.0126 0.0001 0.0095</Offset>
              <Power>1.03 1.01 0.99</Power>
            </SOPNode>
            <SatNode><Saturation>0.8772</Saturation></SatNode>
          </ColorCorrection>
        </ColorDecision>
      </ColorDecisionList>`;
    expect(parseAscCdl(xml, 'A003C012_230412_R1AB.cdl')).toEqual([
      {
        id: 'A003C012_230412_R1AB',
        description: 'Corridor & Lobby',
        slope: [0.9489, 0.9919, 1.0625],
        offset: [-0.0126, 0.0001, 0.0095],
        power: [1.03, 1.01, 0.99],
        saturation: 0.8772,
      },
    ]);
  });

  it('takes saturation 1 when a .cc has no SatNode, as the ASC CDL says', () => {
    const cc =
      '<ColorCorrection><SOPNode><Slope>1 1 1</Slope><Offset>0 0 0</Offset>' +
      '<Power>1 1 1</Power></SOPNode></ColorCorrection>';
    expect(parseAscCdl(cc, 'x.cc')[0]).toMatchObject({ id: undefined, saturation: 1 });
  });

  it('refuses a correction without three numbers per SOP value, naming the file', () => {
    const bad =
      '<ColorCorrection id="x"><SOPNode><Slope>1 1</Slope><Offset>0 0 0</Offset>' +
      '<Power>1 1 1</Power></SOPNode></ColorCorrection>';
    expect(() => parseAscCdl(bad, 'x.cdl')).toThrow('x.cdl: Slope must hold three numbers');
  });
});
