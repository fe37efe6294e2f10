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
    void sslCtypesAndDecimalImport() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            Object ok = engine.withGil(gil -> {
                gil.exec("import ssl, ctypes, decimal");
                return gil.eval("ctypes.c_int(40).value + int(decimal.Decimal('2'))");
            });
            assertThat(ok).isEqualTo(42L);
        }
    }

    @Test
    void sqliteImportsWhereTheBuildHasIt() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            Object hasSqlite = engine.withGil(gil -> gil.eval("__import__('importlib.util').util.find_spec('_sqlite3') is not None"));
            // The org.bytedeco builds of 3.10 and 3.11 ship no _sqlite3 extension.
            assumeTrue(Boolean.TRUE.equals(hasSqlite), () -> "CPython " + engine.runtime().version()
                    + " of this runtime has no _sqlite3 module (" + engine.runtime() + ")");
            Object ok = engine.withGil(gil -> {
                gil.exec("import sqlite3");
                return gil.eval("sqlite3.connect(':memory:').execute('select 40 + 2').fetchone()[0]");
            });
            assertThat(ok).isEqualTo(42L);
        }
    }
}
