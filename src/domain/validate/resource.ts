import { code, id, list, optional, type Invariant, type Shape } from './checks.ts';
import { identifier, meta, narrative } from './datatypes.ts';
import { extensionWith, type ExtensionRules } from './datatypes.ts';

/** What Vigie accepts for one resource type. */
export interface ResourceRules {
  type: string;
  /** Every element accepted at the top level; any other element is refused. */
  elements: Shape;
  /** Rules across elements (FHIR invariants, French identity rules). */
  invariants?: Invariant[];
}

/**
 * Elements every stored resource may carry besides its own (FHIR R4 Resource and
 * DomainResource, and `identifier`, which all our types have). Not accepted:
 * `implicitRules` and `modifierExtension` (they change meaning in ways we do not
 * process) and `contained` (resources inside resources would dodge validation).
 */
export function commonElements(extensionRules: ExtensionRules = {}): Shape {
  return {
    id: optional(id),
    meta: optional(meta),
    language: optional(code),
    text: optional(narrative),
    extension: list(extensionWith(extensionRules)),
    identifier: list(identifier),
  };
}
