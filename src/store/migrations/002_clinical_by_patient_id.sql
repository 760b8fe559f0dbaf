-- $everything and per-patient searches without a type read a patient's resources in id
-- order: this index serves them directly instead of sorting or walking the primary key.
CREATE INDEX clinical_resource_by_patient_id ON clinical_resource (patient_id, id);
