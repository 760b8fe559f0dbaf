-- Two indexes led with the patient: care_link (patient_id) since the first schema, and
-- care_link (patient_id, kind) since migration 003. Every lookup the first serves, the
-- second serves as well (its leading column), including the foreign key's; keeping both
-- only cost every new relationship a second index entry, millions of them in a seed.
DROP INDEX care_link_by_patient;
