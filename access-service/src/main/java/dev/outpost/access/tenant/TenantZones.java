package dev.outpost.access.tenant;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

/** The zones of a tenant, as last published by the api-service. */
@ApplicationScoped
public class TenantZones {

  private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};

  private final TenantRepository tenants;
  private final ObjectMapper json;

  TenantZones(TenantRepository tenants, ObjectMapper json) {
    this.tenants = tenants;
    this.json = json;
  }

  /** The tenant's zones; empty for a tenant this service has not heard of. */
  public Uni<List<String>> of(UUID tenantId) {
    return tenants
        .findById(tenantId)
        .map(
            tenant -> {
              if (tenant == null) {
                return List.<String>of();
              }
              try {
                return json.readValue(tenant.zones, NAMES);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }
}
