-- RP-4, AVP-3: every read of a permit says whether (and until when) it was renewed, by finding
-- the period renewed from it; without this each read (and each renewal's check) read every
-- permit. Only renewals are indexed, so the index stays small.
CREATE INDEX permits_renewed_from ON permits (renewed_from) WHERE renewed_from IS NOT NULL;
