import { STATUS_CODES } from 'node:http';

/**
 * Faults the emulator can inject, so that a client can be tested against a ShotHub that fails
 * in known, repeatable ways. A plan holds rules, each a fault and the requests it targets, and
 * optionally a seeded random mode for soak tests.
 *
 * Which requests a rule targets:
 * - `path`: a prefix of the path below the base URL, query included and compared as sent
 *   (before percent-decoding). The default, `/v1.0/`, targets data calls only, so logins are
 *   neither faulted nor counted; `/authenticate` targets logins, `/` every request. The asset
 *   listing alone is `/v1.0/assets?`; single assets and their metadata are `/v1.0/assets/`.
 * - `method`: GET or POST; any method when absent.
 * - `query`: parameters the request must carry with exactly these values, e.g. `page=2`.
 * - `from`, `to`: a range of the requests this rule targets, counted per rule and per emulator
 *   from 1, inclusive. A request counts for every rule it matches by path, method and query,
 *   whether or not another rule faulted it, so one rule's numbering never depends on another's.
 *   Without a range, every matching request is faulted.
 * When several rules fire on one request, the first listed wins; the random mode fires only
 * when no rule did. Every faulted request carries the fault's text form in its RequestRecord.
 *
 * Text form, for the CLI and SHOTHUB_EMULATOR_FAULTS: rules separated by `;`, each a list of
 * items separated by `,`. The first item is the fault, optionally followed by `@RANGE`:
 *   `429` `500` `502` `503` …      that status (any of 400-599) with a JSON error body
 *   `delay=MS`                     the true answer, held back MS milliseconds
 *   `reset` / `reset=BYTES`        headers and half the body (or BYTES of it), then a closed
 *                                  connection
 *   `malformed-json`               200 with the true body cut in half
 *   `wrong-shape`                  200 with a listing wrapped in an object, or an object in an
 *                                  array
 *   `missing-id`                   200 with the true rows, each without its `id`
 *   `html`                         200 with an HTML error page
 *   `revoke`                       every token issued so far is revoked as the request arrives,
 *                                  so this request is the first to get 401
 *   `no-total-count`               the true answer without its `x-total-count` header
 *   `page-cap=ROWS`                listings serve at most ROWS rows, whatever size was asked
 *   `random=RATE`                  the seeded random mode (needs `seed=` and `kinds=`)
 * `@RANGE` is `@N` (the Nth request), `@N-M`, `@N-` (the Nth and all after) or `@N+K` (K
 * requests from the Nth). The other items are `key=value`: `path=`, `method=`, `query=`
 * (`name=value` pairs joined by `&`), `retry-after=SECONDS` or `retry-after=date+SECONDS` (an
 * HTTP date that far ahead; statuses only), and for the random mode `seed=INTEGER` and
 * `kinds=` (faults as above, joined by `|`). Text that starts with `{` or `[` is read as JSON:
 * a FaultPlan, or an array of its rules.
 *
 * Examples:
 *   `503@2-4`                                 the second to fourth data calls get 503
 *   `429@5,retry-after=3`                     the fifth data call gets 429 with Retry-After: 3
 *   `429@1+3,retry-after=date+2`              a burst of three 429s with an HTTP-date header
 *   `reset@3,path=/v1.0/assets?`              the third asset listing page is cut off mid-body
 *   `reset@1,path=/v1.0/assets?,query=page=2` page 2 of an asset listing, once
 *   `revoke@4; no-total-count`                a session revoked at the fourth data call, and
 *                                             listings that never tell their total
 *   `503,method=POST,path=/authenticate`      every login fails
 *   `random=0.1,seed=7,kinds=503|429|reset|delay=3000`
 */

export type StatusFault = {
  kind: 'status';
  /** 400 to 599: 429, 500, 502 and 503 are the ones clients must survive. */
  status: number;
  /** Seconds; sent as a `Retry-After` header, which is absent when this is. */
  retryAfter?: number;
  /** delay-seconds (the default), or an HTTP date that many seconds ahead. */
  retryAfterFormat?: 'seconds' | 'http-date';
};

const PLAIN_KINDS = [
  'malformed-json',
  'wrong-shape',
  'missing-id',
  'html',
  'revoke',
  'no-total-count',
] as const;

export type Fault =
  | StatusFault
  | { kind: 'delay'; ms: number }
  /** `afterBytes` of the body are sent, half of it when absent. */
  | { kind: 'reset'; afterBytes?: number }
  | { kind: 'page-cap'; rows: number }
  | { kind: (typeof PLAIN_KINDS)[number] };

export interface FaultTarget {
  /** A prefix of the path below the base URL, query included; default `/v1.0/`, data calls. */
  path?: string;
  /** Any method when absent. */
  method?: string;
  /** Parameters the request must carry with exactly these values. */
  query?: Record<string, string>;
  /** The first and last targeted request to fault, counted from 1 per rule; open when absent. */
  from?: number;
  to?: number;
}

export type FaultRule = Fault & FaultTarget;

export interface RandomFaults extends FaultTarget {
  /** The same seed faults the same request numbers with the same faults, run after run. */
  seed: number;
  /** The share of targeted requests that are faulted, 0 to 1. */
  rate: number;
  /** Faults to choose from, as objects or in the text form, e.g. `'503'` or `'delay=2000'`. */
  kinds: (Fault | string)[];
}

export interface FaultPlan {
  rules?: FaultRule[];
  random?: RandomFaults;
}

/** The parts of an emulator answer a fault may change. */
export interface FaultAnswer {
  status: number;
  body: string | Buffer;
  headers?: Record<string, string>;
}

const DATA_PATH = '/v1.0/';
// Long enough to outlast any client timeout; bounded so that a typo cannot hold a connection
// open for hours.
const MAX_DELAY_MS = 600_000;

/** Reads the text form (or JSON) described above; empty text is a plan with no faults. */
export function parseFaultSpec(text: string): FaultPlan {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw specError(`the JSON does not parse (${(error as Error).message})`);
    }
    return checkFaultPlan(Array.isArray(value) ? { rules: value } : value);
  }

  const rules: FaultRule[] = [];
  let random: RandomFaults | undefined;
  for (const ruleText of trimmed.split(';')) {
    if (ruleText.trim() === '') continue;
    const rule = parseRuleText(ruleText.trim());
    if (!('seed' in rule)) {
      rules.push(rule);
    } else if (random) {
      throw specError('only one random=… rule is allowed');
    } else {
      random = rule;
    }
  }
  return checkFaultPlan(random ? { rules, random } : { rules });
}

/** One fault in the text form, without targeting: `503`, `delay=2000`, `reset`, `html`, … */
export function parseFault(text: string): Fault {
  const [name = '', value] = splitOnce(text.trim().toLowerCase(), '=');
  if (/^\d{3}$/.test(name) && value === undefined) return { kind: 'status', status: Number(name) };
  if (name === 'status' && value !== undefined) {
    return { kind: 'status', status: integer(value, 'status') };
  }
  if (name === 'delay' && value !== undefined) return { kind: 'delay', ms: integer(value, name) };
  if (name === 'reset') {
    return value === undefined ? { kind: 'reset' } : { kind: 'reset', afterBytes: integer(value) };
  }
  if (name === 'page-cap' && value !== undefined) {
    return { kind: 'page-cap', rows: integer(value, name) };
  }
  const plain = PLAIN_KINDS.find((kind) => kind === name);
  if (plain && value === undefined) return { kind: plain };
  throw specError(
    `unknown fault "${text}"; known: a status 400-599 (e.g. 503), delay=MS, reset[=BYTES], ` +
      `${PLAIN_KINDS.join(', ')}, page-cap=ROWS, random=RATE`,
  );
}

/** A fault's text form, as recorded in RequestRecord.fault and accepted by parseFault. */
export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'status': {
      if (fault.retryAfter === undefined) return String(fault.status);
      const date = fault.retryAfterFormat === 'http-date' ? 'date+' : '';
      return `${fault.status},retry-after=${date}${fault.retryAfter}`;
    }
    case 'delay':
      return `delay=${fault.ms}`;
    case 'reset':
      return fault.afterBytes === undefined ? 'reset' : `reset=${fault.afterBytes}`;
    case 'page-cap':
      return `page-cap=${fault.rows}`;
    default:
      return fault.kind;
  }
}

/** Checks a plan given as a value (an option, or parsed JSON) and returns it normalised. */
export function checkFaultPlan(value: unknown): FaultPlan {
  if (!isRecord(value)) throw specError('the faults must be an object {rules?, random?}');
  allowOnly(value, ['rules', 'random'], 'the faults');
  if (value.rules !== undefined && !Array.isArray(value.rules)) {
    throw specError('rules must be an array');
  }

  const rules = ((value.rules ?? []) as unknown[]).map((rule, index) => {
    const where = `rule ${index + 1}`;
    if (!isRecord(rule)) throw specError(`${where} must be an object`);
    const fault = checkFault(rule, where, TARGET_KEYS);
    return { ...fault, ...checkTarget(rule, where) } as FaultRule;
  });
  if (value.random === undefined) return { rules };
  return { rules, random: checkRandom(value.random) };
}

/**
 * Decides which fault, if any, each request gets. The count of a rule advances with every
 * request it targets, so the same plan faults the same requests of the same sequence.
 */
export class FaultInjector {
  private readonly rules: { rule: FaultRule; seen: number }[];
  private readonly random: (RandomFaults & { kinds: Fault[]; seen: number }) | undefined;

  constructor(plan: FaultPlan) {
    const checked = checkFaultPlan(plan);
    this.rules = (checked.rules ?? []).map((rule) => ({ rule, seen: 0 }));
    this.random = checked.random && {
      ...checked.random,
      kinds: checked.random.kinds as Fault[],
      seen: 0,
    };
  }

  /** The fault for a request, given its method and its path below the base URL, query included. */
  next(method: string, path: string): Fault | undefined {
    let chosen: FaultRule | undefined;
    for (const entry of this.rules) {
      if (!targets(entry.rule, method, path)) continue;
      entry.seen++;
      if (!chosen && inRange(entry.rule, entry.seen)) chosen = entry.rule;
    }
    if (chosen) return faultOf(chosen);

    const random = this.random;
    if (!random || !targets(random, method, path)) return undefined;
    random.seen++;
    if (!inRange(random, random.seen)) return undefined;
    if (unitInterval(random.seed, random.seen, 1) >= random.rate) return undefined;
    const pick = Math.floor(unitInterval(random.seed, random.seen, 2) * random.kinds.length);
    return random.kinds[pick];
  }
}

/** The whole answer for faults that stand in for ShotHub's, as a gateway in front of it would. */
export function replacementAnswer(fault: Fault, nowMs = Date.now()): FaultAnswer | undefined {
  if (fault.kind === 'html') {
    return {
      status: 200,
      body: HTML_ERROR_PAGE,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    };
  }
  if (fault.kind !== 'status') return undefined;

  const message = STATUS_CODES[fault.status] ?? 'Error';
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (fault.retryAfter !== undefined) headers['retry-after'] = retryAfterValue(fault, nowMs);
  return {
    status: fault.status,
    body: JSON.stringify({ statusCode: fault.status, message }),
    headers,
  };
}

/** ShotHub's true answer, spoiled the way a body fault or a missing header spoils it. */
export function alteredAnswer(fault: Fault, answer: FaultAnswer): FaultAnswer {
  const headers = { ...answer.headers, 'content-type': 'application/json; charset=utf-8' };
  const text = answer.body.toString();
  switch (fault.kind) {
    case 'malformed-json': {
      // A strict prefix of a JSON array or object never parses: its closing bracket is missing.
      const half = text.length >= 2 ? text.slice(0, Math.floor(text.length / 2)) : '{';
      return { status: 200, body: half, headers };
    }
    case 'wrong-shape': {
      const value = parsedJson(text);
      const reshaped = Array.isArray(value)
        ? { data: value, total: value.length }
        : isRecord(value)
          ? [value]
          : {};
      return { status: 200, body: JSON.stringify(reshaped), headers };
    }
    case 'missing-id': {
      const value = parsedJson(text);
      const stripped = Array.isArray(value)
        ? value.map(withoutId)
        : isRecord(value)
          ? withoutId(value)
          : [{ name: 'unnamed' }];
      return { status: 200, body: JSON.stringify(stripped), headers };
    }
    case 'no-total-count': {
      const { 'x-total-count': _omitted, ...kept } = answer.headers ?? {};
      return { ...answer, headers: kept };
    }
    default:
      return answer;
  }
}

/** The value of Retry-After for a status fault that has one. */
function retryAfterValue(fault: StatusFault, nowMs = Date.now()): string {
  const seconds = fault.retryAfter ?? 0;
  if (fault.retryAfterFormat !== 'http-date') return String(seconds);
  // HTTP dates have whole seconds: counted from the current second, a reader that rounds up
  // finds exactly `seconds` left when it reads the header straight away.
  return new Date(Math.floor(nowMs / 1000) * 1000 + seconds * 1000).toUTCString();
}

const HTML_ERROR_PAGE = [
  '<!DOCTYPE html>',
  '<html><head><meta charset="utf-8"><title>Service Temporarily Unavailable</title></head>',
  '<body><h1>Service Temporarily Unavailable</h1>',
  '<p>The server is down for maintenance. Please try again later.</p></body></html>',
  '',
].join('\n');

const TARGET_KEYS = ['path', 'method', 'query', 'from', 'to'];
const FAULT_KEYS: Record<Fault['kind'], string[]> = {
  status: ['status', 'retryAfter', 'retryAfterFormat'],
  delay: ['ms'],
  reset: ['afterBytes'],
  'page-cap': ['rows'],
  'malformed-json': [],
  'wrong-shape': [],
  'missing-id': [],
  html: [],
  revoke: [],
  'no-total-count': [],
};

function parseRuleText(text: string): FaultRule | RandomFaults {
  const [head = '', ...items] = text.split(',').map((item) => item.trim());
  const [faultText = '', rangeText] = splitOnce(head, '@');
  const target: FaultTarget = rangeText === undefined ? {} : parseRange(rangeText);
  const extras = new Map<string, string>();

  for (const item of items) {
    const [key = '', value] = splitOnce(item, '=');
    if (value === undefined) throw specError(`"${item}" in "${text}" must be key=value`);
    if (key === 'path') target.path = value;
    else if (key === 'method') target.method = value;
    else if (key === 'query') target.query = Object.fromEntries(new URLSearchParams(value));
    else if (key === 'retry-after' || key === 'seed' || key === 'kinds') extras.set(key, value);
    else throw specError(`unknown option "${key}" in "${text}"`);
  }

  const [name, rateText] = splitOnce(faultText, '=');
  if (name?.trim().toLowerCase() === 'random') {
    if (extras.has('seed') === false || extras.has('kinds') === false) {
      throw specError(`"${text}" needs seed=INTEGER and kinds=FAULT|FAULT…`);
    }
    const retryAfter = extras.get('retry-after');
    const kinds = extras
      .get('kinds')!
      .split('|')
      .map((kind) => withRetryAfter(parseFault(kind), retryAfter, text, false));
    if (!/^(\d+\.?\d*|\.\d+)$/.test(rateText ?? '')) {
      throw specError(`random=${rateText ?? ''} needs a rate from 0 to 1, e.g. random=0.1`);
    }
    return { ...target, seed: integer(extras.get('seed')!, 'seed'), rate: Number(rateText), kinds };
  }

  if (extras.has('seed') || extras.has('kinds')) {
    throw specError(`seed= and kinds= belong to random=…, not to "${text}"`);
  }
  const fault = withRetryAfter(parseFault(faultText), extras.get('retry-after'), text, true);
  return { ...fault, ...target } as FaultRule;
}

function withRetryAfter(
  fault: Fault,
  text: string | undefined,
  rule: string,
  strict: boolean,
): Fault {
  if (text === undefined) return fault;
  if (fault.kind !== 'status') {
    // In the random mode the header goes to whichever kinds are statuses.
    if (!strict) return fault;
    throw specError(`retry-after= needs a status fault, not "${rule}"`);
  }
  const date = /^date\+(\d+)$/i.exec(text);
  if (date) return { ...fault, retryAfter: Number(date[1]), retryAfterFormat: 'http-date' };
  return { ...fault, retryAfter: integer(text, 'retry-after') };
}

function parseRange(text: string): FaultTarget {
  const single = /^(\d+)$/.exec(text);
  if (single) return { from: Number(single[1]), to: Number(single[1]) };
  const span = /^(\d+)-(\d*)$/.exec(text);
  if (span) {
    return span[2] ? { from: Number(span[1]), to: Number(span[2]) } : { from: Number(span[1]) };
  }
  const burst = /^(\d+)\+(\d+)$/.exec(text);
  if (burst && Number(burst[2]) >= 1) {
    return { from: Number(burst[1]), to: Number(burst[1]) + Number(burst[2]) - 1 };
  }
  throw specError(`"@${text}" is not a range: use @N, @N-M, @N- or @N+COUNT`);
}

function checkFault(value: Record<string, unknown>, where: string, extraKeys: string[]): Fault {
  const kind = value.kind;
  if (typeof kind !== 'string' || !(kind in FAULT_KEYS)) {
    throw specError(`${where} has no known kind (${Object.keys(FAULT_KEYS).join(', ')})`);
  }
  allowOnly(value, ['kind', ...FAULT_KEYS[kind as Fault['kind']], ...extraKeys], where);

  switch (kind) {
    case 'status': {
      const fault: StatusFault = {
        kind,
        status: bounded(value.status, 400, 599, `${where} status`),
      };
      if (value.retryAfter !== undefined) {
        fault.retryAfter = bounded(value.retryAfter, 0, 86_400, `${where} retryAfter`);
      }
      if (value.retryAfterFormat !== undefined) {
        if (value.retryAfterFormat !== 'seconds' && value.retryAfterFormat !== 'http-date') {
          throw specError(`${where} retryAfterFormat must be "seconds" or "http-date"`);
        }
        fault.retryAfterFormat = value.retryAfterFormat;
      }
      return fault;
    }
    case 'delay':
      return { kind, ms: bounded(value.ms, 0, MAX_DELAY_MS, `${where} ms`) };
    case 'reset':
      return value.afterBytes === undefined
        ? { kind }
        : { kind, afterBytes: bounded(value.afterBytes, 0, 2 ** 31, `${where} afterBytes`) };
    case 'page-cap':
      return { kind, rows: bounded(value.rows, 1, 1_000_000, `${where} rows`) };
    default:
      return { kind: kind as (typeof PLAIN_KINDS)[number] };
  }
}

function checkTarget(value: Record<string, unknown>, where: string): FaultTarget {
  const target: FaultTarget = {};
  if (value.path !== undefined) {
    if (typeof value.path !== 'string' || !value.path.startsWith('/')) {
      throw specError(`${where} path must start with /, e.g. /v1.0/assets`);
    }
    target.path = value.path;
  }
  if (value.method !== undefined) {
    if (typeof value.method !== 'string' || !/^[A-Za-z]+$/.test(value.method)) {
      throw specError(`${where} method must be a method name such as GET`);
    }
    target.method = value.method.toUpperCase();
  }
  if (value.query !== undefined) {
    const query = value.query;
    if (!isRecord(query) || Object.values(query).some((entry) => typeof entry !== 'string')) {
      throw specError(`${where} query must map parameter names to strings`);
    }
    target.query = query as Record<string, string>;
  }
  if (value.from !== undefined) target.from = bounded(value.from, 1, 2 ** 31, `${where} from`);
  if (value.to !== undefined) target.to = bounded(value.to, 1, 2 ** 31, `${where} to`);
  if ((target.from ?? 1) > (target.to ?? Infinity)) {
    throw specError(`${where} ends (to) before it starts (from)`);
  }
  return target;
}

function checkRandom(value: unknown): RandomFaults {
  const where = 'random';
  if (!isRecord(value)) throw specError('random must be an object {seed, rate, kinds}');
  allowOnly(value, ['seed', 'rate', 'kinds', ...TARGET_KEYS], where);
  if (typeof value.seed !== 'number' || !Number.isSafeInteger(value.seed)) {
    throw specError('random seed must be an integer');
  }
  if (typeof value.rate !== 'number' || !(value.rate >= 0 && value.rate <= 1)) {
    throw specError('random rate must be a number from 0 to 1');
  }
  if (!Array.isArray(value.kinds) || value.kinds.length === 0) {
    throw specError('random kinds must list at least one fault');
  }
  const kinds = value.kinds.map((kind: unknown, index) => {
    if (typeof kind === 'string') return parseFault(kind);
    if (!isRecord(kind)) throw specError(`random kind ${index + 1} must be a fault or its text`);
    return checkFault(kind, `random kind ${index + 1}`, []);
  });
  return { ...checkTarget(value, where), seed: value.seed, rate: value.rate, kinds };
}

function targets(target: FaultTarget, method: string, path: string): boolean {
  if (!path.startsWith(target.path ?? DATA_PATH)) return false;
  if (target.method && target.method !== method.toUpperCase()) return false;
  if (!target.query) return true;

  const params = new URLSearchParams(splitOnce(path, '?')[1] ?? '');
  return Object.entries(target.query).every(([name, value]) => params.get(name) === value);
}

function inRange(target: FaultTarget, count: number): boolean {
  return count >= (target.from ?? 1) && count <= (target.to ?? Infinity);
}

function faultOf(rule: FaultRule): Fault {
  const fault: Record<string, unknown> = { ...rule };
  for (const key of TARGET_KEYS) delete fault[key];
  return fault as Fault;
}

/**
 * A number in [0, 1) that depends only on the seed, the request's number and a salt, so that
 * whether request k is faulted does not depend on how the requests before it went.
 */
function unitInterval(seed: number, index: number, salt: number): number {
  let hash = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index, 0xc2b2ae35) ^ salt;
  for (let round = 0; round < 2; round++) {
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;
  }
  return (hash >>> 0) / 4294967296;
}

function withoutId(row: unknown): unknown {
  if (!isRecord(row)) return row;
  const { id: _omitted, ...rest } = row;
  return rest;
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function integer(text: string, what = 'bytes'): number {
  if (!/^\d+$/.test(text.trim())) throw specError(`${what} must be a whole number, not "${text}"`);
  return Number(text);
}

function bounded(value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw specError(`${what} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function allowOnly(value: Record<string, unknown>, keys: string[], where: string): void {
  const unknown = Object.keys(value).filter((key) => !keys.includes(key));
  if (unknown.length > 0) throw specError(`${where} has unknown fields: ${unknown.join(', ')}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}

function specError(message: string): Error {
  return new Error(`Emulator faults: ${message}.`);
}
