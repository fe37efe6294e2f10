package dev.pyembed.spring.module.broken.type;

import dev.pyembed.spring.module.PythonModule;

@PythonModule("typed_broken")
public interface UnsupportedType {
    java.time.LocalDate two(long a, long b);
}
