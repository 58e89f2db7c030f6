/** One ASC CDL colour correction: slope, offset and power per channel, and saturation. */
export interface ColorCorrection {
  /** The correction's id, which a clip-named CDL archive sets to the clip name. */
  id: string | undefined;
  description: string | undefined;
  slope: [number, number, number];
  offset: [number, number, number];
  power: [number, number, number];
  saturation: number;
}

/**
 * Reads every ColorCorrection in an ASC CDL document: a .cdl (ColorDecisionList), a .ccc
 * (ColorCorrectionCollection) or a .cc. Saturation defaults to 1 when the file has no SatNode,
 * as the ASC CDL specification says; a correction without slope, offset and power is an error.
 */
export function parseAscCdl(xml: string, source: string): ColorCorrection[] {
  const corrections: ColorCorrection[] = [];
  for (const { attributes, body } of elements(xml, 'ColorCorrection')) {
    const id = /\bid\s*=\s*"([^"]*)"/.exec(attributes)?.[1];
    const saturation = element(body, 'Saturation');
    corrections.push({
      id: id === undefined ? undefined : unescapeXml(id),
      description: optionalText(element(body, 'Description')),
      slope: triple(element(body, 'Slope'), 'Slope', source),
      offset: triple(element(body, 'Offset'), 'Offset', source),
      power: triple(element(body, 'Power'), 'Power', source),
      saturation: saturation === undefined ? 1 : number(saturation, 'Saturation', source),
    });
  }
  if (corrections.length === 0) {
    throw new Error(`${source} holds no ASC CDL ColorCorrection.`);
  }
  return corrections;
}

/**
 * The elements of one name, found with indexOf rather than a regular expression, so that
 * hostile input (many unclosed tags) costs linear time, not quadratic.
 */
function* elements(xml: string, name: string): Generator<{ attributes: string; body: string }> {
  const open = `<${name}`;
  const close = `</${name}>`;
  let from = 0;
  for (;;) {
    const start = xml.indexOf(open, from);
    if (start < 0) return;
    const afterName = xml[start + open.length];
    const tagEnd = xml.indexOf('>', start);
    if (tagEnd < 0) return;
    if (afterName !== '>' && !/\s/.test(afterName ?? '')) {
      from = start + open.length;
      continue;
    }
    const end = xml.indexOf(close, tagEnd);
    if (end < 0) return;
    yield { attributes: xml.slice(start + open.length, tagEnd), body: xml.slice(tagEnd + 1, end) };
    from = end + close.length;
  }
}

function element(xml: string, name: string): string | undefined {
  for (const { body } of elements(xml, name)) return body;
  return undefined;
}

function triple(text: string | undefined, name: string, source: string) {
  const values = (text ?? '').trim().split(/\s+/).filter(Boolean);
  if (values.length !== 3) {
    throw new Error(`${source}: ${name} must hold three numbers, found "${text?.trim() ?? ''}".`);
  }
  return values.map((value) => number(value, name, source)) as [number, number, number];
}

function number(text: string, name: string, source: string): number {
  const value = Number(text.trim());
  if (!Number.isFinite(value)) throw new Error(`${source}: ${name} "${text.trim()}" is no number.`);
  return value;
}

function optionalText(text: string | undefined): string | undefined {
  const value = text === undefined ? undefined : unescapeXml(text).trim();
  return value ? value : undefined;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
