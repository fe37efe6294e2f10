package dev.pyembed.spring.module;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The Python function a {@link PythonModule} method calls, when its name is not the method's. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PythonFunction {

    /** The function's name in the module, e.g. {@code "score_v2"}. */
    String value();
}
