/**
 * The sample's health indicator and info contributor for its Python model.
 */
package dev.pyembed.sample.actuate;
