/**
 * A Python failure as an RFC 9457 problem detail for a web API ({@code PythonProblemDetails}).
 */
package dev.pyembed.spring.web;
