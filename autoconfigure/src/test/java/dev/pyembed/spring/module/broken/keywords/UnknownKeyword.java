package dev.pyembed.spring.module.broken.keywords;

import dev.pyembed.spring.module.PythonFunction;
import dev.pyembed.spring.module.PythonKeywords;
import dev.pyembed.spring.module.PythonModule;

@PythonModule("typed_broken")
public interface UnknownKeyword {

    record Flags(boolean strict, boolean verbose) {
    }

    @PythonFunction("keyword_only")
    long keywordOnly(long a, @PythonKeywords Flags flags);
}
