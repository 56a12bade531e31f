-- A token a person made for themself on their account page carries a label of their own
-- ("my spreadsheet"), to tell their tokens apart. Tokens issued by `charter token issue`
-- have none.
ALTER TABLE api_tokens ADD COLUMN label text;
