/**
 * The {@code pyembed-maven-plugin}: installs an application's pip requirements at build time, for the embedded
 * CPython and the target platform, into a class-path package the engine extracts ({@code install-requirements}), and
 * writes hash-pinned lock files ({@code lock}).
 */
package dev.pyembed.maven;
