-- Network votes: a motion put to the member hubs, one hub one vote (issue 28).
--
-- `votes.electorate` says who votes. A committee vote's electorate stays in `vote_members`
-- and its ballots in `vote_ballots`, keyed by person. A network vote's electorate is its
-- hubs, fixed at opening, in `vote_hubs`, and each hub's one ballot, cast or changed by any
-- of its delegates, in `vote_hub_ballots`, keyed by hub and revision, naming the delegate.
ALTER TABLE votes ADD COLUMN electorate text NOT NULL DEFAULT 'committee';

CREATE TABLE vote_hubs
(
    vote_id        uuid        NOT NULL,
    hub_id         uuid        NOT NULL,
    -- The hub's name when the vote opened; a hub's name is not personal data.
    name           text        NOT NULL,
    ballots_cast   integer     NOT NULL DEFAULT 0,
    last_cast_at   timestamptz,
    -- The delegate who cast or changed the hub's ballot last.
    last_cast_by   uuid,
    recused_at     timestamptz,
    -- The delegate who declared the hub's conflict, and why: sealed under their key.
    recused_by     uuid,
    recusal_reason text,
    PRIMARY KEY (vote_id, hub_id)
);

CREATE INDEX vote_hubs_hub ON vote_hubs (hub_id);

-- Every ballot and change of a hub. For a secret vote `choice` and `reason` stay NULL.
CREATE TABLE vote_hub_ballots
(
    vote_id     uuid        NOT NULL,
    hub_id      uuid        NOT NULL,
    revision    integer     NOT NULL,
    delegate_id uuid        NOT NULL,
    cast_at     timestamptz NOT NULL,
    choice      text,
    reason      text,
    PRIMARY KEY (vote_id, hub_id, revision)
);
