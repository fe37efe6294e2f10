package dev.pyembed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** C extension modules resolve libpython's symbols because it is loaded with RTLD_GLOBAL. */
class NumpyTest {

    @Test
    void numpyImportsAndComputes() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            Object hasNumpy = engine.withGil(gil -> gil.eval("__import__('importlib.util').util.find_spec('numpy') is not None"));
            assumeTrue(Boolean.TRUE.equals(hasNumpy), "numpy is not installed in " + engine.runtime());
            Object sum = engine.withGil(gil -> {
                gil.exec("import numpy as np");
                return gil.eval("int(np.arange(10).sum())");
            });
            assertThat(sum).isEqualTo(45L);
        }
    }

    @Test
    void sslCtypesAndSqliteImport() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            Object ok = engine.withGil(gil -> {
                gil.exec("import ssl, ctypes, sqlite3, decimal");
                return gil.eval("sqlite3.connect(':memory:').execute('select 40 + 2').fetchone()[0]");
            });
            assertThat(ok).isEqualTo(42L);
        }
    }
}
