/**
 * A bounded load generator for the sample (loopback only) that reports throughput, latencies and GIL metrics.
 */
package dev.pyembed.sample.load;
