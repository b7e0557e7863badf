/**
 * Access applications and policies, and their evaluation: plain Java, shared by access and edge.
 *
 * <p>{@link dev.outpost.access.policy.Application} and its {@link dev.outpost.access.policy.Policy}
 * and {@link dev.outpost.access.policy.Selector} records are the JSON on the topic, as written.
 * {@link dev.outpost.access.policy.AccessPolicies#validate} lists what is wrong with one; {@link
 * dev.outpost.access.policy.CompiledApplication#compile} turns a valid one into what the router
 * evaluates per request, and {@link dev.outpost.access.policy.ApplicationTable} finds it by host
 * and path.
 */
package dev.outpost.access.policy;
