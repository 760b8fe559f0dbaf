/** Vigie assigns UUIDs; any other id cannot exist (and must not reach a uuid column). */
export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

/** The nil UUID: smaller than every id, where keyset paging starts. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';
