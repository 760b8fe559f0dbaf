import { memberPath, objectAnchor, ORDERED_MEMBERS, timeAnchor, withSeconds } from './anchors.ts';
import type { ExportMarks } from './marks.ts';

/**
 * The writer's side of the fingerprint: a resource as it leaves, its times' seconds keyed
 * (where the export carries `seconds`) — in place, on the minimised copy that is the
 * writer's own — and as an NDJSON line its members in keyed order (where it carries
 * `key-order`). The same marks give the same bytes.
 */
export function retime(marks: ExportMarks, value: unknown): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = retimedItem(marks, value[i]);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const name in record) record[name] = retimedItem(marks, record[name]);
  }
}

function retimedItem(marks: ExportMarks, item: unknown): unknown {
  if (typeof item !== 'string') {
    retime(marks, item);
    return item;
  }
  // Most strings are no time: the regular expression runs only on those shaped like one.
  const time = item.length >= 22 && item[10] === 'T' ? timeAnchor(item) : undefined;
  return time ? withSeconds(item, marks.seconds(time.anchor)) : item;
}

/** A resource as one JSON line, each object's members in the export's keyed order; `resourceType` first. */
export function markedJson(marks: ExportMarks, resource: fhir4.Resource): string {
  return ordered(marks, resource.resourceType, resource as unknown as Record<string, unknown>, true);
}

function ordered(marks: ExportMarks, path: string, value: Record<string, unknown>, root: boolean): string {
  const names = Object.keys(value).filter((name) => value[name] !== undefined && !(root && name === 'resourceType'));
  const order = names.length >= ORDERED_MEMBERS ? marks.order(objectAnchor(path, value), names) : names;
  const members = order.map((name) => `${JSON.stringify(name)}:${serialised(marks, memberPath(path, name), value[name])}`);
  if (root) members.unshift(`"resourceType":${JSON.stringify(value.resourceType)}`);
  return `{${members.join(',')}}`;
}

function serialised(marks: ExportMarks, path: string, value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => serialised(marks, path, item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') return ordered(marks, path, value as Record<string, unknown>, false);
  return JSON.stringify(value);
}
