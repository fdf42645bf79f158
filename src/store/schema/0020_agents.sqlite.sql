-- 0020: 全程代办 (issue 11 section 4).  A centre's agent (代办员, the staff
-- role "agent") carries a case for its applicant on the applicant's
-- recorded authorisation (授权委托书: who authorised, the scope, its date
-- or number).  The window or the applicant assigns the agent; either ends
-- the assignment, which stays as history.  A case has at most one active
-- agent (ended_at IS NULL); a joint case's agent is on the joint case.

CREATE TABLE case_agents (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL REFERENCES cases(id),
  agent_id      INTEGER NOT NULL REFERENCES users(id),
  authorisation TEXT NOT NULL,
  assigned_by   INTEGER NOT NULL REFERENCES users(id),
  assigned_day  INTEGER NOT NULL,
  assigned_at   INTEGER NOT NULL,
  ended_by      INTEGER REFERENCES users(id),
  ended_at      INTEGER
);
CREATE UNIQUE INDEX case_agents_active ON case_agents(case_id)
  WHERE ended_at IS NULL;
CREATE INDEX case_agents_agent ON case_agents(agent_id, ended_at);
