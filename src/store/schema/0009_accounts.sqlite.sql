-- 0009: applicant accounts (issue 10, part 1).  People and companies
-- register themselves in the hall; a mobile number is proved by a one-time
-- SMS code; an account is 实名 once an identity verifier (or a clerk who
-- saw the ID card) confirmed its name and ID number; a company account
-- (法人) authorises person accounts to act for it (经办人).

-- real_name: 0 未实名, 1 实名; real_name_by names the verifier or the
-- clerk's account ("local", "http", "staff:<username>").
ALTER TABLE users ADD COLUMN real_name INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN real_name_at INTEGER;
ALTER TABLE users ADD COLUMN real_name_by TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN legal_person TEXT NOT NULL DEFAULT '';

-- an applicant logs in by mobile number or by ID number / credit code:
-- each names one account
CREATE UNIQUE INDEX users_applicant_id_number ON users(id_number)
  WHERE role = 1 AND id_number <> '';
CREATE UNIQUE INDEX users_person_phone ON users(phone)
  WHERE role = 1 AND kind = 'person' AND phone <> '';

-- One-time codes sent by SMS.  Only a keyed hash of the code is kept; a
-- code is good for one use, for a few minutes and a few wrong guesses.
CREATE TABLE sms_codes (
  id         INTEGER PRIMARY KEY,
  phone      TEXT NOT NULL,
  purpose    TEXT NOT NULL CHECK (purpose IN ('register', 'login', 'reset')),
  code_hash  BLOB NOT NULL,
  addr       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0,
  used_at    INTEGER
);
CREATE INDEX sms_codes_phone ON sms_codes(phone, created_at);
CREATE INDEX sms_codes_addr ON sms_codes(addr, created_at);

-- Who may act for a company account (经办人): person accounts.
CREATE TABLE company_agents (
  company_id INTEGER NOT NULL REFERENCES users(id),
  user_id    INTEGER NOT NULL REFERENCES users(id),
  granted_by INTEGER REFERENCES users(id),
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (company_id, user_id)
) WITHOUT ROWID;
CREATE INDEX company_agents_user ON company_agents(user_id);

-- the person who filed a case for a company (经办人); NULL otherwise
ALTER TABLE cases ADD COLUMN agent_id INTEGER REFERENCES users(id);
CREATE INDEX cases_agent ON cases(agent_id, id) WHERE agent_id IS NOT NULL;
