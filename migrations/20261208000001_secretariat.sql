-- Membership of the secretariat, a fact on the roster (SecretariatJoined, SecretariatLeft):
-- the role a signed-in person acts in is read from it, as the committee's is from seats.

ALTER TABLE people ADD COLUMN secretariat boolean NOT NULL DEFAULT false;
