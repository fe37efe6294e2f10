/**
 * JMH benchmarks of the engine, its Spring integration and raw CPython (see {@code bench/README.md}); not tests.
 */
package dev.pyembed.bench;
