/**
 * {@code @PythonCallable} bean methods registered as Python-callable functions ({@code pyembed.name(...)}).
 */
package dev.pyembed.spring.callback;
