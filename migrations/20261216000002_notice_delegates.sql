-- What the notifier knows of the member hubs' delegates (issue 28): whom to tell of a
-- network vote, the delegates of its hubs on the day it opens. Kept by the notifier from the
-- roster's events, like its other facts, so that it needs no other read model.
CREATE TABLE notice_delegates
(
    hub_id    uuid NOT NULL,
    person_id uuid NOT NULL,
    since     date NOT NULL,
    until     date,
    PRIMARY KEY (hub_id, person_id, since)
);

-- Who votes in each vote the notifier knows: its messages say whether the committee or the
-- network (the member hubs, through their delegates) votes.
ALTER TABLE notice_votes ADD COLUMN voters text NOT NULL DEFAULT 'committee';
