/**
 * Access applications and policies, and their evaluation: plain Java, shared by access and edge.
 */
package dev.outpost.access.policy;
