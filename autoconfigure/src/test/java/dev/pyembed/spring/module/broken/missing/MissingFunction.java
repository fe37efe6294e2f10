package dev.pyembed.spring.module.broken.missing;

import dev.pyembed.spring.module.PythonModule;

@PythonModule("typed_broken")
public interface MissingFunction {
    long two(long a, long b);

    long three(long a, long b, long c);
}
