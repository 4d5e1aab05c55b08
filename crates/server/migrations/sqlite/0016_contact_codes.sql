-- Linked contacts (REG-2, ACT-4): a new email or mobile is linked only once the code sent to
-- it comes back. One live code per account and contact; stored hashed, like PINs.
CREATE TABLE contact_codes (
    resident_id TEXT NOT NULL REFERENCES residents (id),
    contact TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (resident_id, contact)
);
