-- Tunnel health (issue 6): what a connector says it means to hold, and the configuration version
-- each connection applied.
ALTER TABLE tunnel_connection ADD COLUMN expected_connections INT;
ALTER TABLE tunnel_connection ADD COLUMN config_version_applied INT NOT NULL DEFAULT 0;
CREATE INDEX tunnel_connection_open_by_router ON tunnel_connection (router_id) WHERE closed_at IS NULL;

-- Routers that send heartbeats: a router silent past the expiry is presumed dead and its open
-- connections are closed. Routers that never sent one are not listed and never expire.
CREATE TABLE router_liveness (
    router_id     TEXT PRIMARY KEY,
    started_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL
);
