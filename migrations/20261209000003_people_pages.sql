-- The roster is read a page at a time (issue 25: no page request grows with the history it
-- summarises): by name, by the start of a name, and by group, each one index range.
CREATE INDEX people_by_name ON people (name, person_id);
CREATE INDEX people_name_prefix ON people (lower(name) text_pattern_ops);
CREATE INDEX people_panel_pool ON people (name, person_id) WHERE in_panel_pool;
CREATE INDEX people_secretariat ON people (name, person_id) WHERE secretariat;
