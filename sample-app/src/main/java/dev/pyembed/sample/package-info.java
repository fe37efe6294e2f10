/**
 * The sample app: a risk-scoring web service whose model is Python code ({@code riskmodel}, numpy and scipy).
 */
package dev.pyembed.sample;
