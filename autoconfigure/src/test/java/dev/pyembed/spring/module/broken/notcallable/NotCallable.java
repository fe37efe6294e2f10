package dev.pyembed.spring.module.broken.notcallable;

import dev.pyembed.spring.module.PythonModule;

@PythonModule("typed_broken")
public interface NotCallable {
    double threshold();
}
