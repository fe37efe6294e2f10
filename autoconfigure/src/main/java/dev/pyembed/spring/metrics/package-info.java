/**
 * Micrometer meters: GIL wait and hold ({@code python.gil.*}), {@code python.calls} of {@code @WithGil} methods, and
 * the engine's gauges.
 */
package dev.pyembed.spring.metrics;
