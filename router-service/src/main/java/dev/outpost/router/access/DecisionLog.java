package dev.outpost.router.access;

import dev.outpost.events.AccessDecisionRecord;

/** Where the edge's access decisions go (the access log). Must not block. */
@FunctionalInterface
public interface DecisionLog {

  void record(AccessDecisionRecord decision);
}
