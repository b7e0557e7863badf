-- Tenants and their zones as the api-service publishes them on outpost.tenants (a local copy,
-- kept by TenantListener): the newest revision wins.
CREATE TABLE tenant (
    id        UUID PRIMARY KEY,
    slug      TEXT   NOT NULL UNIQUE,
    zones     TEXT   NOT NULL, -- a JSON array of zone names
    revision  BIGINT NOT NULL
);

-- Applications: a hostname and path prefix the edge protects. hostname + path_prefix is unique
-- on the whole platform, whatever the tenant.
CREATE TABLE access_application (
    id                  UUID PRIMARY KEY,
    tenant_id           UUID        NOT NULL,
    name                TEXT        NOT NULL,
    hostname            TEXT        NOT NULL,
    path_prefix         TEXT        NOT NULL,
    session_seconds     BIGINT      NOT NULL,
    identity_providers  TEXT        NOT NULL, -- a JSON array of aliases
    audience            TEXT        NOT NULL UNIQUE,
    revision            BIGINT      NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    CONSTRAINT access_application_location UNIQUE (hostname, path_prefix)
);
CREATE INDEX access_application_by_tenant ON access_application (tenant_id, hostname, path_prefix);

-- Policies of an application, evaluated by ascending precedence (1, 2, ... without gaps). The
-- uniqueness is checked at commit, so a reorder may pass through duplicates on its way.
CREATE TABLE access_policy (
    id              UUID PRIMARY KEY,
    application_id  UUID        NOT NULL REFERENCES access_application (id) ON DELETE CASCADE,
    tenant_id       UUID        NOT NULL,
    name            TEXT        NOT NULL,
    action          TEXT        NOT NULL,
    precedence      INT         NOT NULL,
    include_rules   TEXT        NOT NULL, -- a JSON array of {type, value}
    require_rules   TEXT        NOT NULL, -- a JSON array of {type, value}
    exclude_rules   TEXT        NOT NULL, -- a JSON array of {type, value}
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    CONSTRAINT access_policy_precedence UNIQUE (application_id, precedence)
        DEFERRABLE INITIALLY DEFERRED
);

-- Service tokens: only the HMAC-SHA256 of the secret, keyed with the client id, is kept (see
-- ServiceTokenRecord in the events module).
CREATE TABLE service_token (
    id               UUID PRIMARY KEY,
    tenant_id        UUID        NOT NULL,
    name             TEXT        NOT NULL,
    client_id        TEXT        NOT NULL UNIQUE,
    secret_hash      TEXT        NOT NULL,
    created_by       TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    expires_at       TIMESTAMPTZ NOT NULL,
    last_rotated_at  TIMESTAMPTZ,
    revoked_at       TIMESTAMPTZ,
    revision         BIGINT      NOT NULL
);
CREATE INDEX service_token_by_tenant ON service_token (tenant_id, created_at, id);

-- The edge's access decisions, from outpost.access-decisions. id makes re-deliveries harmless.
CREATE TABLE access_decision (
    id                UUID PRIMARY KEY,
    tenant_id         UUID        NOT NULL,
    application_id    UUID,
    policy_id         UUID,
    decision          TEXT        NOT NULL,
    email             TEXT,
    service_token_id  UUID,
    client_ip         TEXT,
    host              TEXT,
    path              TEXT,
    decided_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX access_decision_by_tenant ON access_decision (tenant_id, decided_at DESC, id DESC);
