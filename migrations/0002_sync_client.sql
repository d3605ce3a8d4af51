-- The sync client's own state (issue 6). None of it syncs; all of it survives a crash.

-- Where pull stands, and which account this profile is signed in to (the token itself is in the
-- secret store, never here).
CREATE TABLE sync_state (
  singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
  pull_cursor  TEXT NOT NULL DEFAULT '',
  last_sync_at TEXT
) STRICT;
INSERT INTO sync_state (singleton) VALUES (1);

-- An upload in progress, by content: its cloud upload id and part size, so a restart resumes it.
CREATE TABLE sync_upload (
  sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  upload_id  TEXT NOT NULL,
  size       INTEGER NOT NULL CHECK (size > 0),
  part_size  INTEGER NOT NULL CHECK (part_size > 0),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- Parts the storage acknowledged (number, size, MD5 and the ETag it answered), written as each ends.
CREATE TABLE sync_upload_part (
  sha256 TEXT NOT NULL REFERENCES sync_upload(sha256) ON DELETE CASCADE,
  number INTEGER NOT NULL CHECK (number >= 1),
  size   INTEGER NOT NULL CHECK (size > 0),
  md5    TEXT NOT NULL,
  etag   TEXT NOT NULL,
  PRIMARY KEY (sha256, number)
) STRICT, WITHOUT ROWID;

-- Bytes the cloud has verified for this profile's owner: they are never sent again.
CREATE TABLE sync_uploaded (
  sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  verified_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT, WITHOUT ROWID;
