package dev.pyembed.spring.module.broken.keywordonly;

import dev.pyembed.spring.module.PythonFunction;
import dev.pyembed.spring.module.PythonModule;

@PythonModule("typed_broken")
public interface KeywordOnly {
    @PythonFunction("keyword_only")
    long keywordOnly(long a);
}
