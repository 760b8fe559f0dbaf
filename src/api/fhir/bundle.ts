import type { FastifyRequest } from 'fastify';
import type { Page } from '../../gate/gate.ts';

/** A searchset Bundle with keyset paging links (no total: counting would cost a full scan). */
export function searchBundle(request: FastifyRequest, page: Page<fhir4.Resource>): fhir4.Bundle {
  const base = baseUrl(request);
  const self = new URL(request.url, base);
  const link: fhir4.BundleLink[] = [{ relation: 'self', url: self.toString() }];
  if (page.next) {
    const next = new URL(self);
    next.searchParams.set('_cursor', page.next);
    link.push({ relation: 'next', url: next.toString() });
  }
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    link,
    entry: page.resources.map((resource) => ({
      fullUrl: `${base}/fhir/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}

export function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
