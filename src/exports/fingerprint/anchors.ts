/**
 * What a keyed choice is anchored on: the part of a value the mark does not change, so
 * that the writer and the attribution, given the same text, reach the same choice. In a
 * file that did not come from the export, a choice matches by chance alone (the anchor is
 * hashed under a key the file never saw); a value altered since changes its anchor, and
 * its choice is then a chance match too, never a false one against another export.
 */

/** A FHIR dateTime or instant to the second: the minute, the seconds (and fraction), the zone. */
const TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface TimeAnchor {
  anchor: string;
  seconds: number;
}

export function timeAnchor(text: string): TimeAnchor | undefined {
  const match = TIME.exec(text);
  return match ? { anchor: `${match[1]}${match[3]}`, seconds: Number(match[2]) } : undefined;
}

/** The same time with the seconds given (a fraction of a second goes). */
export function withSeconds(text: string, seconds: number): string {
  return text.replace(TIME, (_all, minute: string, _seconds, zone: string) => `${minute}:${String(seconds).padStart(2, '0')}${zone}`);
}

/**
 * An object's anchor: where it is in its resource (arrays left out) and its member names
 * with their plain values — not its nested objects', so that a value altered deep inside
 * leaves its parents' order readable. Any text would do as long as both sides build the
 * same: two objects of one anchor are one piece of evidence, counted once.
 */
export function objectAnchor(path: string, value: Record<string, unknown>): string {
  const names = Object.keys(value).sort();
  let anchor = path;
  for (const name of names) {
    const item = value[name];
    if (item !== undefined) anchor += `|${name}=${plain(item)}`;
  }
  return anchor;
}

/** The path of a member: Observation, Observation.valueQuantity, Observation.code.coding. */
export const memberPath = (path: string, name: string) => `${path}.${name}`;

/** Objects of fewer members carry too little (one bit for two) to be worth their anchor. */
export const ORDERED_MEMBERS = 3;

function plain(value: unknown): string {
  if (typeof value === 'string') return `"${value}`;
  if (Array.isArray(value)) return value.every((item) => item === null || typeof item !== 'object') ? JSON.stringify(value) : '[…]';
  return value !== null && typeof value === 'object' ? '{…}' : String(value);
}
