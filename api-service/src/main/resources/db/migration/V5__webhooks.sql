-- Webhooks (issue 6): tenants' subscriptions, the deliveries owed to them, and every attempt.

CREATE TABLE webhook_subscription (
    id                     UUID PRIMARY KEY,
    tenant_id              UUID        NOT NULL,
    url                    TEXT        NOT NULL,
    -- space-separated webhook event types, for example 'tunnel.health_changed tunnel.deleted'
    event_types            TEXT        NOT NULL,
    tunnel_id              UUID,
    description            TEXT,
    enabled                BOOLEAN     NOT NULL,
    -- signing secrets, sealed (AES-GCM) with a key derived from the api-service's secret key
    secret_sealed          TEXT        NOT NULL,
    previous_secret_sealed TEXT,
    previous_secret_until  TIMESTAMPTZ,
    secret_rotated_at      TIMESTAMPTZ,
    -- the first failure since the last success; the platform disables a subscription failing too long
    failing_since          TIMESTAMPTZ,
    last_success_at        TIMESTAMPTZ,
    disabled_at            TIMESTAMPTZ,
    disabled_reason        TEXT,
    created_by             TEXT        NOT NULL,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_subscription_by_tenant ON webhook_subscription (tenant_id, created_at, id);

-- One event owed to one subscription. Delivered in seq order per (subscription, order_key): the
-- order key is the tunnel id, so one tunnel's events arrive in order and another tunnel's do not
-- wait behind them.
CREATE TABLE webhook_delivery (
    id               UUID PRIMARY KEY,
    seq              BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    tenant_id        UUID        NOT NULL,
    subscription_id  UUID        NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    order_key        TEXT        NOT NULL,
    -- the CloudEvent id, also the webhook-id header; the same on a redelivery
    event_id         UUID        NOT NULL,
    event_type       TEXT        NOT NULL,
    -- the exact body sent (a CloudEvent in JSON), so every attempt signs the same bytes
    payload          TEXT        NOT NULL,
    -- pending, delivered
    state            TEXT        NOT NULL,
    attempts         INT         NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    -- a dispatcher that claimed the delivery owns it until then (it is being sent)
    leased_until     TIMESTAMPTZ,
    redelivery_of    UUID,
    last_status_code INT,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    delivered_at     TIMESTAMPTZ
);
-- An event reaches a subscription once, however often the consumer sees it.
CREATE UNIQUE INDEX webhook_delivery_once ON webhook_delivery (subscription_id, event_id)
    WHERE redelivery_of IS NULL;
CREATE INDEX webhook_delivery_pending_heads ON webhook_delivery (subscription_id, order_key, seq)
    WHERE state = 'pending';
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_delivery_log ON webhook_delivery (subscription_id, seq DESC);

-- Every attempt, for the tenant's delivery log.
CREATE TABLE webhook_attempt (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id       UUID        NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempted_at      TIMESTAMPTZ NOT NULL,
    -- success, http-error, timeout, connection-failed, refused
    outcome           TEXT        NOT NULL,
    status_code       INT,
    latency_ms        INT         NOT NULL,
    response_excerpt  TEXT,
    error             TEXT
);
CREATE INDEX webhook_attempt_by_delivery ON webhook_attempt (delivery_id, id);
