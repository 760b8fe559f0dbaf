import type { FastifyRequest } from 'fastify';
import type { Decision } from '../../access/rules.ts';
import type { Page } from '../../gate/pages.ts';

/** Why the reader may see a patient: the reason the gate recorded in the ledger for it. */
export const ACCESS_BASIS_EXTENSION = 'https://vigie.fr/fhir/StructureDefinition/access-basis';

/**
 * A searchset Bundle with keyset paging links (no total: counting would cost a full scan).
 * Each patient entry says why the reader may see it (entry.search's extension): a
 * relationship explains the access without a click.
 */
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
      search: { mode: 'match', ...basisExtension(page.reasons?.get(resource.id ?? '')) },
    })),
  };
}

/** The decision's basis (a relationship kind, break-glass, identity lookup) and its reason in words. */
function basisExtension(decision: Decision | undefined): Pick<fhir4.BundleEntrySearch, 'extension'> {
  if (!decision) return {};
  return {
    extension: [
      { url: ACCESS_BASIS_EXTENSION, valueCoding: { system: ACCESS_BASIS_EXTENSION, code: decision.basis?.kind ?? 'role', display: decision.reason } },
    ],
  };
}

export function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
