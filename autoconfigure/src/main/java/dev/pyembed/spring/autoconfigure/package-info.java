/**
 * The Spring Boot wiring of the engine: the auto-configuration ({@code PythonAutoConfiguration}), the
 * {@code pyembed.*} properties ({@code PythonProperties}, and {@code PythonObservabilityProperties}, which the
 * metrics, endpoint, health and watchdog auto-configurations share), the builder customizer SPI, the default runtime
 * choice, the supported Boot versions, and the failure analyzers that say what to fix when the engine, a property or
 * a start-up task is wrong. What the wiring builds lives in {@code dev.pyembed.spring.engine} and the feature
 * packages.
 */
package dev.pyembed.spring.autoconfigure;
