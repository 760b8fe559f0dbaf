-- Patients given to an account the guard has nothing to compare with — one in its first
-- 14 days, or one with no working days in the last 30 — counted in the request, within
-- care relationships too (src/guard/patients-given.ts): accounts made to read (T9) stay
-- inside "relationships" and cost no budget, so the count is what holds them. A patient
-- counts once per rolling day; reinstatement clears them with the rest of guard_event.
ALTER TABLE guard_event DROP CONSTRAINT guard_event_kind_check;
ALTER TABLE guard_event ADD CONSTRAINT guard_event_kind_check CHECK (kind IN ('disclosed', 'refused', 'missing', 'step-up', 'given'));
