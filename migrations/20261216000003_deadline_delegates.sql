-- The delegates of the member hubs as the deadlines read model keeps them (issue 28): a
-- network vote's closing is due for the delegates of its hubs on the day it opens, until
-- their hub has voted or recused (a secret vote's, until it closes). Kept from the roster's
-- events by the deadlines projection itself, so that it reads no other read model.
CREATE TABLE deadline_delegates
(
    hub_id    uuid NOT NULL,
    person_id uuid NOT NULL,
    since     date NOT NULL,
    until     date,
    PRIMARY KEY (hub_id, person_id, since)
);
