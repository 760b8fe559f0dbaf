/**
 * A path's id, its form checked by the route's schema (`IdParams`), lower-cased: ids are
 * compared as text afterwards (one's own account, an export's requester), where another
 * spelling of the same id must not pass for another.
 */
export function pathId(params: { id: string }): string {
  return params.id.toLowerCase();
}
