-- A sync pass with nothing to do must not walk the library (issue 6: its time over 10,000 synced
-- assets within 1.2x of over 100). Measured: without these, two lookups scanned every row.

-- Assets shared with us whose bytes are not here yet (the background download queue; usually none).
CREATE INDEX idx_core_videoasset_remote ON core_videoasset(created_at)
  WHERE local_state = 'remote' AND checksum_sha256 IS NOT NULL;

-- Records the cloud refused or that could not be stored here (the sync panel's problems; usually none).
CREATE INDEX idx_sync_record_state_problems ON sync_record_state(updated_at)
  WHERE state IN ('rejected', 'conflict');
