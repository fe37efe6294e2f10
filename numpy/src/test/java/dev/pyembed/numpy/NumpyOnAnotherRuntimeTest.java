package dev.pyembed.numpy;

import dev.pyembed.EngineState;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonStartException;
import dev.pyembed.RuntimeSelection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * pyembed-numpy is built for the embedded CPython: on the python3 on PATH the engine refuses to start, naming the
 * package, its tag and what to do, instead of an ImportError (or worse) at the first {@code import numpy}.
 */
class NumpyOnAnotherRuntimeTest {

    @Test
    void theSystemPythonIsRefusedWithTheReasonAndTheWayOut() {
        PythonEngine engine = PythonEngine.builder().runtime(RuntimeSelection.SYSTEM).build();
        PythonStartException refused = catchThrowableOfType(PythonStartException.class, engine::start);
        assertThat(refused).isNotNull();
        assumeTrue(refused.getMessage().contains("Python package"), () -> "no usable system python3: " + refused.getMessage());
        assertThat(refused.getMessage()).contains("numpy 2.4.2 (cp314, linux-x86_64)")
                .containsAnyOf("pyembed-numpy", "numpy/target/classes") // the jar, or the module's folder in the build
                .containsAnyOf("compiled for CPython 3.14", "compiled for the embedded CPython");
        assertThat(refused.action()).contains("pyembed.runtime=embedded").contains("pyembed.packages.enabled=false");
        assertThat(engine.state()).isEqualTo(EngineState.FAILED);
    }
}
