package dev.outpost.access.signingkey;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Queries on signing keys; they belong to the platform, not to a tenant. */
@ApplicationScoped
public class SigningKeyRepository implements PanacheRepositoryBase<SigningKeyEntity, String> {

  /** An arbitrary constant naming the rotation's advisory lock: one rotation at a time. */
  static final long ROTATION_LOCK = 0x6b657973L; // "keys"

  /** The keys not retired, newest first: the first one signs. */
  public Uni<List<SigningKeyEntity>> live() {
    return list("retiredAt is null order by notBefore desc, kid");
  }

  /** Serializes rotations of all replicas until the transaction ends. */
  public Uni<Void> lockRotation() {
    return getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(
                        "SELECT CAST(pg_advisory_xact_lock(" + ROTATION_LOCK + ") AS TEXT)",
                        String.class)
                    .getSingleResult())
        .replaceWithVoid();
  }
}
