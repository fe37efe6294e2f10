/**
 * Python's {@code logging} records and {@code sys.stdout}/{@code stderr} forwarded to SLF4J.
 */
package dev.pyembed.spring.logging;
