/**
 * The {@code pyembed.observability.*} properties.
 */
package dev.pyembed.spring.observability;
