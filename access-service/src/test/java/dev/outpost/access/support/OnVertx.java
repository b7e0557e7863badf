package dev.outpost.access.support;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a service's {@link Uni} as the application would: on a fresh, safe duplicated Vert.x
 * context, which Hibernate Reactive needs; the test thread waits for the result.
 */
public final class OnVertx {
  private OnVertx() {}

  public static <T> T await(Vertx vertx, Supplier<Uni<T>> work) {
    var result = new CompletableFuture<T>();
    var context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
    VertxContextSafetyToggle.setContextSafe(context, true);
    context.runOnContext(
        ignored -> work.get().subscribe().with(result::complete, result::completeExceptionally));
    try {
      return result.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the service call failed", e);
    }
  }
}
