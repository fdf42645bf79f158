-- 0022: Open311 GeoReport v2 (issue 12 section 3).  Outside systems and
-- apps file and follow complaints through /open311/v2/.  Each client holds
-- an API key the administrator issues: only its BLAKE2b hash is kept, with
-- the first characters to tell keys apart; a revoked key files nothing.
-- Every request a client files is a complaint (complaints, 0021) at the
-- complaint desk; open311_requests keeps what GeoReport adds to it: the
-- service code it was filed under, its location (lat and long as the
-- decimal text the client sent), media and attributes, and the client.

CREATE TABLE open311_clients (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  contact      TEXT NOT NULL DEFAULT '',
  key_hash     BLOB NOT NULL UNIQUE,
  key_prefix   TEXT NOT NULL,
  created_by   INTEGER NOT NULL REFERENCES users(id),
  created_at   INTEGER NOT NULL,
  revoked_by   INTEGER REFERENCES users(id),
  revoked_at   INTEGER,
  last_used_at INTEGER
);

CREATE TABLE open311_requests (
  complaint_id   INTEGER PRIMARY KEY REFERENCES complaints(id),
  client_id      INTEGER NOT NULL REFERENCES open311_clients(id),
  service_code   TEXT NOT NULL,
  lat            TEXT NOT NULL DEFAULT '',
  lon            TEXT NOT NULL DEFAULT '',
  address_string TEXT NOT NULL DEFAULT '',
  address_id     TEXT NOT NULL DEFAULT '',
  device_id      TEXT NOT NULL DEFAULT '',
  account_id     TEXT NOT NULL DEFAULT '',
  media_url      TEXT NOT NULL DEFAULT '',
  attributes     TEXT NOT NULL DEFAULT '{}',
  requested_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX open311_requests_client ON open311_requests(client_id);
