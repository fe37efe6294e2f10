/**
 * Customer payment histories the model scores (simulated store).
 */
package dev.pyembed.sample.history;
