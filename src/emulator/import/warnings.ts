/**
 * Warnings in the order they first occur. A grouped warning is one line for many clips, so a
 * file with hundreds of clips missing the same column gives one warning, not hundreds.
 */
export class WarningList {
  private readonly entries: (string | WarningGroup)[] = [];
  private readonly groups = new Map<string, WarningGroup>();

  add(message: string): void {
    this.entries.push(message);
  }

  /** Adds `item` to the warning `key`; `describe` words it for the list of all its items. */
  group(key: string, item: string, describe: WarningGroup['describe']): void {
    const existing = this.groups.get(key);
    if (existing) {
      existing.items.push(item);
      return;
    }
    const entry = { items: [item], describe };
    this.groups.set(key, entry);
    this.entries.push(entry);
  }

  all(): string[] {
    return this.entries.map((entry) =>
      typeof entry === 'string'
        ? entry
        : entry.describe(listed(entry.items), entry.items.length > 1),
    );
  }
}

interface WarningGroup {
  items: string[];
  describe: (list: string, many: boolean) => string;
}

const LISTED_AT_MOST = 8;

/** "A, B and C", or "A, B, … and 12 more" past eight items. */
function listed(items: string[]): string {
  if (items.length === 1) return items[0]!;
  if (items.length <= LISTED_AT_MOST) return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
  const more = items.length - LISTED_AT_MOST;
  return `${items.slice(0, LISTED_AT_MOST).join(', ')} and ${more} more`;
}
