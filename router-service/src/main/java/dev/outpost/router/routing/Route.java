package dev.outpost.router.routing;

/**
 * Where a request goes: the route that matched and its tunnel.
 *
 * @param hostname the route's hostname as bound, e.g. {@code app.acme.example} or {@code
 *     *.acme.example}
 * @param tunnel the tunnel, always active
 */
public record Route(String hostname, TunnelState tunnel) {}
