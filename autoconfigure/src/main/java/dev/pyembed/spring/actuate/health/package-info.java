/**
 * The {@code python} health indicator.
 */
package dev.pyembed.spring.actuate.health;
