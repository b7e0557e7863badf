package dev.outpost.router.routing;

/**
 * A tunnel's state in the routing view changed: fired after the view applied a newer record, so the
 * edge can act on it (close connections of a deleted tunnel or a rotated secret, push a new
 * configuration). {@code before} is null for a tunnel the view did not know.
 */
public record TunnelChanged(TunnelState before, TunnelState after) {}
