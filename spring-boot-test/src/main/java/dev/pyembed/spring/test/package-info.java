/**
 * {@code @PythonTest}: a Spring test context with a real engine, the given beans and nothing else, for an application's tests.
 */
package dev.pyembed.spring.test;
