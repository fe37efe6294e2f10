/**
 * {@code @WithGil}: a bean method that runs inside a GIL scope (timeout, label, deadline, virtual threads), by an aspect.
 */
package dev.pyembed.spring.gil;
