/**
 * The engine in a Spring application: one engine per JVM leased by every application context
 * ({@code PythonEngineRegistry}, {@code PythonEngineLease}, compared by {@code PythonEngineSettings}), started and
 * stopped with the context ({@code PythonEngineLifecycle}), the Python path from resources
 * ({@code PythonPathResources}) and the start-up modules and scripts ({@code PythonStartupTasks}). Wired by
 * {@code dev.pyembed.spring.autoconfigure}; nothing here reads properties.
 */
package dev.pyembed.spring.engine;
