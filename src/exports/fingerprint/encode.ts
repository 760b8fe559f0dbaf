import { memberPath, objectAnchor, timeAnchor, withSeconds } from './anchors.ts';
import type { ExportMarks } from './marks.ts';

/**
 * The writer's side of the fingerprint: a resource as it leaves, its times' seconds keyed
 * (where the export carries `seconds`), and as an NDJSON line its members in keyed order
 * (where it carries `key-order`). Pure: the same marks give the same bytes.
 */
export function retimed<T>(marks: ExportMarks, value: T): T {
  if (typeof value === 'string') {
    const time = timeAnchor(value);
    return (time ? withSeconds(value, marks.seconds(time.anchor)) : value) as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => retimed(marks, item)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, retimed(marks, item)])) as T;
}

/** A resource as one JSON line, each object's members in the export's keyed order; `resourceType` first. */
export function markedJson(marks: ExportMarks, resource: fhir4.Resource): string {
  return ordered(marks, resource.resourceType, resource as unknown as Record<string, unknown>, true);
}

function ordered(marks: ExportMarks, path: string, value: Record<string, unknown>, root: boolean): string {
  const names = Object.keys(value).filter((name) => value[name] !== undefined && !(root && name === 'resourceType'));
  const order = names.length > 1 ? marks.order(objectAnchor(path, value), names) : names;
  const members = order.map((name) => `${JSON.stringify(name)}:${serialised(marks, memberPath(path, name), value[name])}`);
  if (root) members.unshift(`"resourceType":${JSON.stringify(value.resourceType)}`);
  return `{${members.join(',')}}`;
}

function serialised(marks: ExportMarks, path: string, value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => serialised(marks, path, item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') return ordered(marks, path, value as Record<string, unknown>, false);
  return JSON.stringify(value);
}
