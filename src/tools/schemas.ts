import * as z from 'zod';

// Argument pieces shared by the tools. Assistants send arguments in many shapes (numbers as
// strings, null or "" for "not given"), so each piece says what it accepts and, when it
// refuses, names the allowed form.

const notGiven = (value: unknown) => (value === null || value === '' ? undefined : value);

/** Ids as ShotHub issues them (24 hex digits); any other id could change a request's path. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function idArgument(what: string, source: string) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? notGiven(value.trim()) : notGiven(value)),
    z
      .string({ error: `${what} must be a text id such as 643533041b92c40aa318d8db` })
      .regex(ID_PATTERN, {
        error:
          `${what} must be a ShotHub id: letters and digits only, e.g. ` +
          `643533041b92c40aa318d8db, as ${source} returns it`,
      })
      .optional(),
  );
}

export const projectArgument = z
  .string({ error: 'project must be a project name or id, as list_projects returns them' })
  .trim()
  .min(1, { error: 'project must not be empty: give a project name or id from list_projects' })
  .max(200, { error: 'project must be at most 200 characters: a project name or id' })
  .describe('Project name (case-insensitive, unique part is enough) or project id');

export function optionalText(name: string, description: string, max = 200) {
  return z
    .preprocess(
      (value) => {
        if (typeof value === 'number' || typeof value === 'boolean') return String(value);
        return typeof value === 'string' ? notGiven(value.trim()) : notGiven(value);
      },
      z
        .string({ error: `${name} must be text` })
        .max(max, { error: `${name} must be at most ${max} characters` })
        .optional(),
    )
    .describe(description);
}

export function optionalInteger(
  name: string,
  description: string,
  range: { min: number; max: number },
) {
  const allowed = `${name} must be an integer from ${range.min} to ${range.max}`;
  return z
    .preprocess(
      (value) => {
        // Decimal digits only: "0x10", "1e1", true or [3] are not a count anyone meant.
        if (typeof value !== 'string') return notGiven(value);
        const text = value.trim();
        return /^-?\d+$/.test(text) ? Number(text) : notGiven(text);
      },
      z
        .number({ error: allowed })
        .int({ error: allowed })
        .min(range.min, { error: allowed })
        .max(range.max, { error: allowed })
        .optional(),
    )
    .describe(description);
}

export function optionalBoolean(name: string, description: string) {
  return z
    .preprocess(
      (value) => {
        if (value === 1 || value === 0) return value === 1;
        if (typeof value !== 'string') return notGiven(value);
        const text = value.trim().toLowerCase();
        if (text === 'true' || text === 'yes' || text === '1') return true;
        if (text === 'false' || text === 'no' || text === '0') return false;
        return notGiven(text);
      },
      z.boolean({ error: `${name} must be true or false` }).optional(),
    )
    .describe(description);
}

/** The annotations every tool here carries: it only reads, from a service outside. */
export const READ_ONLY_ANNOTATIONS = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;

/**
 * A tool's arguments as a strict object: an argument the tool does not take is refused with
 * the names it does take, rather than dropped, so a misspelt filter never widens an answer.
 */
export function toolArguments<Shape extends z.ZodRawShape>(toolName: string, shape: Shape) {
  const names = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `${toolName} takes no argument ${issue.keys.map((key) => `"${key}"`).join(', ')}; ` +
          `its arguments are ${names.join(', ') || 'none'}`
        : undefined,
  });
}
