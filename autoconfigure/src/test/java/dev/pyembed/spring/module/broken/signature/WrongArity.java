package dev.pyembed.spring.module.broken.signature;

import dev.pyembed.spring.module.PythonModule;

@PythonModule("typed_broken")
public interface WrongArity {
    long two(long a);
}
