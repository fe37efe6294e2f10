package dev.pyembed.spring.module.advised;

import dev.pyembed.spring.gil.WithGil;
import dev.pyembed.spring.module.PythonFunction;
import dev.pyembed.spring.module.PythonModule;
import org.springframework.cache.annotation.Cacheable;

import java.util.function.Supplier;

/** {@code @WithGil} on the interface and on a method: the typed call applies both; the aspect adds nothing. */
@PythonModule("typed_model")
@WithGil(timeout = "5s")
public interface AdvisedModel {

    long add(long a, long b);

    /** Python calls {@code f} while this call holds the GIL. */
    @PythonFunction("call")
    String whileHeld(Supplier<String> f);

    @WithGil(deadline = "200ms")
    void spin();

    /** Cached by Spring: a hit never reaches Python. */
    @Cacheable("counted")
    String counted(String value);
}
