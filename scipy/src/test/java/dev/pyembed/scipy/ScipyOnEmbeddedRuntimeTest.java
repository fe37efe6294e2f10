package dev.pyembed.scipy;

import dev.pyembed.PythonEngine;
import dev.pyembed.PythonPackage;
import dev.pyembed.RuntimeSelection;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** scipy from pyembed-scipy (with pyembed-numpy) on the embedded CPython 3.14: found, imported, computing. */
class ScipyOnEmbeddedRuntimeTest {

    private static PythonEngine engine;

    @BeforeAll
    static void start() {
        engine = PythonEngine.builder().runtime(RuntimeSelection.EMBEDDED).start();
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void bothPackageSetsAreOnTheClassPathWithTheirVersions() {
        assertThat(engine.packages()).extracting(PythonPackage::toString)
                .containsExactlyInAnyOrder("numpy 2.4.2 (cp314, linux-x86_64)", "scipy 1.17.0 (cp314, linux-x86_64)");
        Object version = engine.withGil(gil -> gil.eval("__import__('scipy').__version__"));
        assertThat(version).isEqualTo("1.17.0");
    }

    @Test
    void specialLinalgOptimizeAndStatsCompute() {
        Map<?, ?> results = engine.withGil(gil -> {
            gil.exec("""
                    import numpy as np
                    from scipy import special, linalg, optimize, stats
                    # A logistic regression fitted by maximum likelihood, as a risk model does at start.
                    rng = np.random.default_rng(3)
                    x = rng.normal(size=2000)
                    y = (rng.random(2000) < special.expit(0.5 + 2.0 * x)).astype(float)
                    def loss(w):
                        p = special.expit(w[0] + w[1] * x)
                        return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))
                    fit = optimize.minimize(loss, np.zeros(2), method='BFGS')
                    results = {
                        'expit0': special.expit(0.0),
                        'det': linalg.det(np.array([[4.0, 2.0], [1.0, 3.0]])),
                        'norm_ppf': stats.norm.ppf(0.975),
                        'fit': fit.x.tolist(),
                        'converged': bool(fit.success),
                    }
                    """);
            return (Map<?, ?>) gil.eval("results");
        });
        assertThat(results.get("expit0")).isEqualTo(0.5);
        assertThat((Double) results.get("det")).isCloseTo(10.0, Offset.offset(1e-12));
        assertThat((Double) results.get("norm_ppf")).isCloseTo(1.959964, Offset.offset(1e-6));
        assertThat(results.get("converged")).isEqualTo(true);
        List<?> fit = (List<?>) results.get("fit");
        assertThat((Double) fit.get(0)).isCloseTo(0.5, Offset.offset(0.2));
        assertThat((Double) fit.get(1)).isCloseTo(2.0, Offset.offset(0.3));
    }
}
