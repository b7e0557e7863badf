-- Events that must reach Kafka are written here in the same transaction as the change they
-- describe; the relay publishes them in order and marks them. A null payload is a tombstone.
CREATE TABLE outbox_event (
    sequence      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      UUID        NOT NULL UNIQUE,
    topic         TEXT        NOT NULL,
    record_key    TEXT        NOT NULL,
    type          TEXT        NOT NULL,
    payload       JSONB,
    created_at    TIMESTAMPTZ NOT NULL,
    published_at  TIMESTAMPTZ
);

-- The relay's only query: the oldest unpublished rows.
CREATE INDEX outbox_event_unpublished ON outbox_event (sequence) WHERE published_at IS NULL;
