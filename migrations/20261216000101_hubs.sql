-- The member hubs of the network (issue 28): the hubs read model, fed by the roster's hub
-- events, and what the admission process manager did with each application that became an
-- initiative.

-- A member hub, whatever its standing. `version` is the hub's own version: the sequence of
-- the roster's last event about it, which `GET /api/v1/hubs/{id}` sends as its `ETag` and
-- `If-Match` on the hub's commands is checked against. A hub's name, city and country are
-- not personal data: they are kept in the clear.
CREATE TABLE hubs
(
    hub_id          uuid PRIMARY KEY,
    name            text        NOT NULL,
    city            text        NOT NULL,
    country         text        NOT NULL,
    -- The first day the hub is a member.
    joined          date        NOT NULL,
    -- The application that admitted it; NULL for a hub older than Charter.
    application_id  uuid,
    standing        text        NOT NULL CHECK (standing IN ('member', 'suspended', 'left')),
    -- Why it was suspended or left; NULL for a member in good standing.
    standing_reason text,
    -- When the standing last changed (the admission, for a hub never suspended).
    standing_since  timestamptz NOT NULL,
    version         bigint      NOT NULL
);

-- Lists go by name, in any case, then by id.
CREATE INDEX hubs_by_name ON hubs (lower(name), hub_id);

-- Every delegation of every hub, past and present. Names are the roster's (`people`,
-- sealed there), never copied here.
CREATE TABLE hub_delegates
(
    hub_id    uuid NOT NULL,
    person_id uuid NOT NULL,
    -- The first day the person represents the hub.
    since     date NOT NULL,
    -- The first day they no longer do; open while NULL.
    until     date,
    PRIMARY KEY (hub_id, person_id, since)
);

CREATE INDEX hub_delegates_person ON hub_delegates (person_id);

-- What the admission process manager did with each application that became an initiative:
-- `admitted` its hub (`hub_id`; `position` is the admission's event, absent when an earlier
-- run had admitted it), or was `refused` by the roster (a hub of the same name already a
-- member, say), with the reason in `detail`, for the secretariat to settle by hand.
CREATE TABLE hub_admissions
(
    application_id uuid PRIMARY KEY,
    hub_id         uuid,
    result         text        NOT NULL CHECK (result IN ('admitted', 'refused')),
    detail         text,
    at             timestamptz NOT NULL,
    position       bigint
);

-- A delegate of a member hub holds a token of the `delegate` role.
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_role_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_check
    CHECK (role IN ('applicant', 'panelist', 'committee', 'secretariat', 'delegate'));
