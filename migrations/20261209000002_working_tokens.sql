-- The account page lists a person's working tokens: this index reaches them without
-- reading the revoked ones a person gathers over the years (issue 25).
CREATE INDEX api_tokens_person_working
    ON api_tokens (person_id, expires_at) WHERE revoked_at IS NULL;
