/**
 * Strict JSON input, request size limits, and error responses of the sample's API.
 */
package dev.pyembed.sample.web;
