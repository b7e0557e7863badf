package dev.outpost.infra.launcher;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One running part of the local platform as the readiness board sees it.
 *
 * @param name what the user knows it as
 * @param address where to reach it
 * @param ready answers whether it is ready now; must not block for long
 * @param alive whether its process still runs
 * @param residentKib its resident memory (with child processes)
 */
record Component(
    String name,
    String address,
    BooleanSupplier ready,
    BooleanSupplier alive,
    LongSupplier residentKib) {}
