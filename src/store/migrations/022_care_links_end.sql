-- Every care relationship ends (DESIGN invariant 9; src/access/care-links.ts): at its stated
-- end, and at the latest 90 days after it was last written. Links written before that rule —
-- an open stay, a treating-doctor link, a stay said to last years — get their bound now,
-- counted from today: whoever still cares for the patient writes the relationship again.
-- (A lab order counts from its start and never held an end.)
UPDATE care_link SET ends_at = greatest(starts_at, now()) + interval '90 days'
WHERE kind <> 'lab-order' AND (ends_at IS NULL OR ends_at > greatest(starts_at, now()) + interval '90 days');
