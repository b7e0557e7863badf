package dev.outpost.api.background;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs work started by a timer (not by a request or a message) on a fresh duplicated Vert.x context
 * marked safe, which is what a Hibernate Reactive session needs. Failures are logged, never thrown:
 * the next tick tries again.
 */
public final class Background {

  private static final Logger LOG = Logger.getLogger(Background.class);

  private Background() {}

  /** Starts {@code work} and calls {@code done} when it ends, whatever the outcome. */
  public static void run(String what, Supplier<Uni<?>> work, Runnable done) {
    var context = VertxContext.createNewDuplicatedContext();
    VertxContextSafetyToggle.setContextSafe(context, true);
    context.runOnContext(
        ignored ->
            Uni.createFrom()
                .deferred(work)
                .onFailure()
                .invoke(failure -> LOG.warnf("%s failed, will retry: %s", what, failure.toString()))
                .onFailure()
                .recoverWithNull()
                .eventually(done)
                .subscribe()
                .with(ok -> {}, failure -> {}));
  }
}
