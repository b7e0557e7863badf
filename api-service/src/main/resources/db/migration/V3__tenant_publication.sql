-- Tenants and their zones are published on outpost.tenants (compacted, keyed by tenant id) so
-- other services (the access-service) can check hostnames against a tenant's zones. revision
-- orders a tenant's records; it grows with every change of the tenant or its zones.
ALTER TABLE tenant ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;

-- Tenants created before publication existed are published once, through the outbox like any
-- other change, so a consumer sees every tenant.
INSERT INTO outbox_event (event_id, topic, record_key, type, payload, created_at)
SELECT gen_random_uuid(), 'outpost.tenants', t.id::text, 'dev.outpost.tenant.v1',
       jsonb_build_object(
           'id', t.id,
           'slug', t.slug,
           'zones', COALESCE((SELECT jsonb_agg(z.name ORDER BY z.name) FROM zone z
                              WHERE z.tenant_id = t.id), '[]'::jsonb),
           'revision', t.revision),
       now()
FROM tenant t
ORDER BY t.created_at;
