-- Tunnel health (issue 6): what a connector says it means to hold, the configuration version each
-- connection applied, and when a router last reported the connection open.
ALTER TABLE tunnel_connection ADD COLUMN expected_connections INT;
ALTER TABLE tunnel_connection ADD COLUMN config_version_applied INT NOT NULL DEFAULT 0;
ALTER TABLE tunnel_connection ADD COLUMN reported_at TIMESTAMPTZ;
UPDATE tunnel_connection SET reported_at = opened_at;
ALTER TABLE tunnel_connection ALTER COLUMN reported_at SET NOT NULL;
CREATE INDEX tunnel_connection_open_by_router ON tunnel_connection (router_id) WHERE closed_at IS NULL;

-- Routers that send heartbeats: a router silent past the expiry is presumed dead and its open
-- connections are closed, and so are the connections it last reported before its reports_since
-- (see dev.outpost.events.RouterHeartbeat). Routers that never sent one are not listed and never
-- expire.
CREATE TABLE router_liveness (
    router_id      TEXT PRIMARY KEY,
    reports_since  TIMESTAMPTZ NOT NULL,
    last_seen_at   TIMESTAMPTZ NOT NULL
);
