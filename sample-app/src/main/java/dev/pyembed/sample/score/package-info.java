/**
 * Scoring: the REST controller, the service that calls the Python model under the GIL, and their records.
 */
package dev.pyembed.sample.score;
