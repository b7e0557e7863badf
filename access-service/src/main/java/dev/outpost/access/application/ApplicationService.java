package dev.outpost.access.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.access.config.AccessConfig;
import dev.outpost.access.security.Caller;
import dev.outpost.access.tenant.TenantZones;
import dev.outpost.service.hostname.Hostnames;
import dev.outpost.service.problem.Problem.FieldError;
import dev.outpost.service.problem.ProblemException;
import dev.outpost.service.web.Page;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Access applications of a tenant: a hostname in one of the tenant's zones and a path prefix; the
 * pair is unique on the whole platform. Every change is published with the application's policies.
 */
@ApplicationScoped
public class ApplicationService {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};

  private final ApplicationRepository applications;
  private final ApplicationEvents events;
  private final TenantZones zones;
  private final AccessConfig config;
  private final ObjectMapper json;

  ApplicationService(
      ApplicationRepository applications,
      ApplicationEvents events,
      TenantZones zones,
      AccessConfig config,
      ObjectMapper json) {
    this.applications = applications;
    this.events = events;
    this.zones = zones;
    this.config = config;
    this.json = json;
  }

  /** What a caller sends; on PATCH an absent (null) field is left as it is. */
  public record ApplicationRequest(
      String name,
      String hostname,
      String pathPrefix,
      Long sessionDuration,
      List<String> identityProviders) {}

  /**
   * An application as the API shows it.
   *
   * @param sessionDuration seconds
   * @param audience the {@code aud} of the application's access tokens; never changes
   * @param revision grows with every change of the application or its policies
   */
  public record ApplicationView(
      UUID id,
      UUID tenantId,
      String name,
      String hostname,
      String pathPrefix,
      long sessionDuration,
      List<String> identityProviders,
      String audience,
      long revision,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {}

  @WithTransaction
  public Uni<ApplicationView> create(Caller caller, ApplicationRequest request) {
    var tenant = caller.writableTenant();
    var errors = new ArrayList<FieldError>();
    var name = ApplicationRules.name(request.name(), errors);
    var hostname = ApplicationRules.hostname(request.hostname(), errors);
    var path = ApplicationRules.pathPrefix(request.pathPrefix(), errors);
    long session =
        ApplicationRules.sessionSeconds(
            request.sessionDuration(), config.defaultSessionDuration().toSeconds(), errors);
    var providers = ApplicationRules.identityProviders(request.identityProviders(), errors);
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    return inZones(tenant, hostname)
        .flatMap(ok -> free(hostname, path, null))
        .flatMap(
            ok -> {
              var app = new ApplicationEntity();
              app.id = UUID.randomUUID();
              app.tenantId = tenant;
              app.name = name;
              app.hostname = hostname;
              app.pathPrefix = path;
              app.sessionSeconds = session;
              app.identityProviders = write(providers);
              app.audience = HexFormat.of().formatHex(randomBytes(32));
              app.revision = 0;
              app.createdAt =
                  OffsetDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
              app.updatedAt = app.createdAt;
              return applications.persist(app);
            })
        .call(events::changed)
        .map(this::view);
  }

  @WithTransaction
  public Uni<ApplicationView> update(Caller caller, UUID id, ApplicationRequest request) {
    var tenant = caller.writableTenant();
    var errors = new ArrayList<FieldError>();
    var name = request.name() == null ? null : ApplicationRules.name(request.name(), errors);
    var hostname =
        request.hostname() == null ? null : ApplicationRules.hostname(request.hostname(), errors);
    var path =
        request.pathPrefix() == null
            ? null
            : ApplicationRules.pathPrefix(request.pathPrefix(), errors);
    Long session =
        request.sessionDuration() == null
            ? null
            : ApplicationRules.sessionSeconds(request.sessionDuration(), 0, errors);
    var providers =
        request.identityProviders() == null
            ? null
            : ApplicationRules.identityProviders(request.identityProviders(), errors);
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    return locked(tenant, id)
        .call(
            app -> {
              var newHost = hostname == null ? app.hostname : hostname;
              var newPath = path == null ? app.pathPrefix : path;
              if (newHost.equals(app.hostname) && newPath.equals(app.pathPrefix)) {
                return Uni.createFrom().voidItem();
              }
              return inZones(tenant, newHost).flatMap(ok -> free(newHost, newPath, app.id));
            })
        .call(
            app -> {
              if (name != null) {
                app.name = name;
              }
              if (hostname != null) {
                app.hostname = hostname;
              }
              if (path != null) {
                app.pathPrefix = path;
              }
              if (session != null) {
                app.sessionSeconds = session;
              }
              if (providers != null) {
                app.identityProviders = write(providers);
              }
              return events.changed(app);
            })
        .map(this::view);
  }

  @WithTransaction
  public Uni<Void> delete(Caller caller, UUID id) {
    var tenant = caller.writableTenant();
    return locked(tenant, id)
        .call(applications::delete)
        .call(app -> events.deleted(app.id))
        .replaceWithVoid();
  }

  @WithSession
  public Uni<ApplicationView> get(Caller caller, UUID id) {
    return visible(caller, id).map(this::view);
  }

  @WithSession
  public Uni<Page<ApplicationView>> list(
      Caller caller, String hostname, Integer limit, String cursor) {
    var visibleTo = caller.readableTenant();
    int size = Page.size(limit);
    var after = Page.decode(cursor);
    String afterHost = null;
    String afterPath = null;
    if (after != null) {
      var parts = after.split(" ", 2);
      if (parts.length != 2) {
        throw ProblemException.invalid("cursor", "not a cursor this API issued");
      }
      afterHost = parts[0];
      afterPath = parts[1];
    }
    var host = hostname == null || hostname.isBlank() ? null : hostname.trim().toLowerCase();
    return applications
        .listVisible(visibleTo, host, afterHost, afterPath, size + 1)
        .map(
            found ->
                Page.of(
                    found.stream().map(this::view).toList(),
                    size,
                    v -> v.hostname() + " " + v.pathPrefix()));
  }

  /** The application as the caller may read it; 404 for one of another tenant. */
  public Uni<ApplicationEntity> visible(Caller caller, UUID id) {
    var visibleTo = caller.readableTenant();
    return applications
        .findVisible(visibleTo, id)
        .map(
            app -> {
              if (app == null) {
                throw ProblemException.notFound("application " + id);
              }
              return app;
            });
  }

  /** The tenant's application, locked for a change; 404 for one of another tenant. */
  public Uni<ApplicationEntity> locked(UUID tenant, UUID id) {
    return applications
        .lockInTenant(tenant, id)
        .map(
            app -> {
              if (app == null) {
                throw ProblemException.notFound("application " + id);
              }
              return app;
            });
  }

  private Uni<Void> inZones(UUID tenant, String hostname) {
    return zones
        .of(tenant)
        .invoke(
            list -> {
              if (list.stream().noneMatch(zone -> Hostnames.within(hostname, zone))) {
                throw ProblemException.invalid(
                    "hostname",
                    hostname
                        + " is in none of your zones"
                        + (list.isEmpty()
                            ? " (you have none yet)"
                            : " (" + String.join(", ", list) + ")"));
              }
            })
        .replaceWithVoid();
  }

  private Uni<Void> free(String hostname, String path, UUID self) {
    return applications
        .findAt(hostname, path)
        .invoke(
            existing -> {
              if (existing != null && !existing.id.equals(self)) {
                // Whose application it is stays unsaid: it may be another tenant's.
                throw ProblemException.conflict(
                    "an application already protects " + hostname + path);
              }
            })
        .replaceWithVoid();
  }

  ApplicationView view(ApplicationEntity app) {
    List<String> providers;
    try {
      providers = json.readValue(app.identityProviders, NAMES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ApplicationView(
        app.id,
        app.tenantId,
        app.name,
        app.hostname,
        app.pathPrefix,
        app.sessionSeconds,
        providers,
        app.audience,
        app.revision,
        app.createdAt,
        app.updatedAt);
  }

  private String write(List<String> values) {
    try {
      return json.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] randomBytes(int length) {
    var bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
