package dev.pyembed.spring.module.broken.module;

import dev.pyembed.spring.module.PythonModule;

@PythonModule("typed_raises")
public interface NotImportable {
    Object anything();
}
