-- Tenants and the zones (domains) an operator assigned them. A zone belongs to one tenant on the
-- whole platform.
CREATE TABLE tenant (
    id            UUID PRIMARY KEY,
    slug          TEXT        NOT NULL UNIQUE,
    display_name  TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE zone (
    name        TEXT PRIMARY KEY,
    tenant_id   UUID        NOT NULL REFERENCES tenant (id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX zone_by_tenant ON zone (tenant_id);

-- Platform API tokens: only the SHA-256 of the secret is kept; it is also the lookup key.
CREATE TABLE api_token (
    id            UUID PRIMARY KEY,
    tenant_id     UUID        NOT NULL REFERENCES tenant (id),
    name          TEXT        NOT NULL,
    scopes        TEXT        NOT NULL,
    secret_hash   TEXT        NOT NULL UNIQUE,
    created_by    TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ,
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ
);
CREATE INDEX api_token_by_tenant ON api_token (tenant_id, created_at, id);

-- Tunnels. The secret is derived from a platform key and secret_generation (see TunnelSecrets),
-- so only its hash is stored. revision counts every change and versions the configuration record.
CREATE TABLE tunnel (
    id                 UUID PRIMARY KEY,
    tenant_id          UUID        NOT NULL REFERENCES tenant (id),
    name               TEXT        NOT NULL,
    config_source      TEXT        NOT NULL,
    status             TEXT        NOT NULL,
    secret_generation  INT         NOT NULL,
    secret_hash        TEXT        NOT NULL,
    revision           BIGINT      NOT NULL,
    config_version     INT         NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    deleted_at         TIMESTAMPTZ,
    conns_active_at    TIMESTAMPTZ,
    conns_inactive_at  TIMESTAMPTZ
);
CREATE UNIQUE INDEX tunnel_name_per_tenant ON tunnel (tenant_id, name) WHERE deleted_at IS NULL;
CREATE INDEX tunnel_by_tenant ON tunnel (tenant_id, created_at, id);

-- Every accepted remote-managed configuration, kept as history.
CREATE TABLE tunnel_configuration (
    tunnel_id   UUID        NOT NULL REFERENCES tunnel (id),
    version     INT         NOT NULL,
    config      JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT        NOT NULL,
    PRIMARY KEY (tunnel_id, version)
);

-- A hostname (or *. wildcard) belongs to at most one tunnel on the whole platform.
CREATE TABLE hostname_route (
    hostname    TEXT PRIMARY KEY,
    tenant_id   UUID        NOT NULL REFERENCES tenant (id),
    tunnel_id   UUID        NOT NULL REFERENCES tunnel (id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX hostname_route_by_tunnel ON hostname_route (tunnel_id);

-- Connections of connectors to routers, as the routers report them.
CREATE TABLE tunnel_connection (
    id            UUID PRIMARY KEY,
    tunnel_id     UUID        NOT NULL REFERENCES tunnel (id),
    tenant_id     UUID        NOT NULL,
    connector_id  UUID        NOT NULL,
    conn_index    INT         NOT NULL,
    router_id     TEXT        NOT NULL,
    origin_ip     TEXT,
    client_version TEXT,
    platform      TEXT,
    opened_at     TIMESTAMPTZ NOT NULL,
    closed_at     TIMESTAMPTZ,
    close_reason  TEXT
);
CREATE INDEX tunnel_connection_open ON tunnel_connection (tunnel_id) WHERE closed_at IS NULL;

-- Who changed what, when, from where. Read by the tenant.
CREATE TABLE audit_event (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id      UUID        NOT NULL,
    actor_type     TEXT        NOT NULL,
    actor_id       TEXT        NOT NULL,
    action         TEXT        NOT NULL,
    resource_type  TEXT        NOT NULL,
    resource_id    TEXT        NOT NULL,
    details        JSONB,
    source_address TEXT,
    occurred_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX audit_event_by_tenant ON audit_event (tenant_id, id DESC);

-- Compacted topics take tombstones (a null value) when a hostname is unbound.
ALTER TABLE outbox_event ALTER COLUMN payload DROP NOT NULL;
