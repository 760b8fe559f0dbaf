/**
 * The routes this server serves, as registered: what a request to a known path with
 * another method is told (405 and Allow, RFC 9110 §15.5.6), and the list the fuzz suite
 * checks it covers whole.
 */
export interface ServedRoute {
  method: string;
  url: string;
}

export class RouteTable {
  private readonly routes: Array<ServedRoute & { pattern: RegExp }> = [];

  add(methods: string | string[], url: string): void {
    for (const method of Array.isArray(methods) ? methods : [methods]) this.routes.push({ method, url, pattern: patternOf(url) });
  }

  get served(): readonly ServedRoute[] {
    return this.routes.map(({ method, url }) => ({ method, url }));
  }

  /** The methods served at a concrete path (`/fhir/Patient/123`). */
  methodsAt(path: string): string[] {
    return [...new Set(this.routes.filter((route) => route.pattern.test(path)).map((route) => route.method))];
  }
}

/** `/fhir/:type/:id` → one path segment per parameter. */
function patternOf(url: string): RegExp {
  const segments = url.split('/').map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${segments.join('/')}$`);
}
