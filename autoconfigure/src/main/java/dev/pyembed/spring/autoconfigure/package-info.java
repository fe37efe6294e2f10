/**
 * The Spring Boot auto-configuration: the {@code PythonEngine} bean from {@code pyembed.*} properties, one engine
 * per JVM leased by every application context, the Python path from resources, start-up tasks, the supported Boot
 * versions, and failure analyzers that say what to fix when the engine or a property is wrong.
 */
package dev.pyembed.spring.autoconfigure;
