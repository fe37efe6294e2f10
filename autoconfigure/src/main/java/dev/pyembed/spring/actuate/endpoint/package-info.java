/**
 * The {@code /actuator/python} endpoint: runtime, GIL holder and waiters, Python threads with their stacks, calls
 * past their deadline.
 */
package dev.pyembed.spring.actuate.endpoint;
