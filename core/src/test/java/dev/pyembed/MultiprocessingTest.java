package dev.pyembed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * multiprocessing inside the JVM: 'fork' would copy the JVM (the copy hangs and outlives it), so pyembed's default is
 * never 'fork' and an explicit 'fork' is refused; workers run the runtime's own Python ({@code sys.executable}).
 */
class MultiprocessingTest {

    private static PythonEngine engine;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of(MultiprocessingTest.class.getResource("/python-multiprocessing/mpwork.py").toURI()).getParent();
        engine = TestEngines.builder().pythonPath(work).start();
        engine.runWithGil(gil -> gil.exec("import multiprocessing, mpwork"));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void theDefaultStartMethodIsNeverFork() {
        Object method = engine.withGil(gil -> gil.eval("multiprocessing.get_start_method()"));
        String expected = engine.runtime().version().minor() >= 14 ? "forkserver" : "spawn"; // 3.14's own default stays
        assertThat(method).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spawn", "forkserver"})
    void aPoolOfWorkersThatPrintAndRaise(String method, @TempDir Path temp) throws Exception {
        Path log = temp.resolve("workers.log");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) engine.withGil(gil -> {
            gil.exec("""
                    def use_a_pool(method, log):
                        ctx = multiprocessing.get_context(method)
                        pool = ctx.Pool(2, initializer=mpwork.redirect_output, initargs=(log,))
                        try:
                            squares = pool.map_async(mpwork.square, range(8), chunksize=1).get(timeout=120)
                            try:
                                pool.apply_async(mpwork.fail, (3,)).get(timeout=120)
                                error = None
                            except ValueError as e:
                                error = str(e)
                            program = pool.apply_async(mpwork.program).get(timeout=120)
                        finally:
                            pool.close()
                            pool.join()
                        return {'squares': squares, 'error': error, 'program': list(program),
                                'children': len(multiprocessing.active_children())}
                    """);
            return gil.importModule("__main__").callMethod("use_a_pool", method, log.toString());
        });
        assertThat(result.get("squares")).isEqualTo(List.of(0L, 1L, 4L, 9L, 16L, 25L, 36L, 49L));
        assertThat(result.get("error")).isEqualTo("no good: 3");
        @SuppressWarnings("unchecked")
        List<String> program = (List<String>) result.get("program");
        assertThat(program.get(0)).as("the worker's program (/proc/self/exe)").contains("python").doesNotContain("java");
        assertThat(result.get("children")).isEqualTo(0L);
        assertThat(Files.readString(log)).contains("squares 7").contains("fails on 3");
    }

    @Test
    void anExplicitForkIsRefusedSayingWhatToUse() {
        PythonException e = catchThrowableOfType(PythonException.class, () -> engine.runWithGil(gil -> gil.exec("""
                multiprocessing.get_context('fork').Process(target=mpwork.square, args=(1,)).start()
                """)));
        assertThat(e.pythonType()).isEqualTo("ValueError");
        assertThat(e.pythonMessage()).contains("'fork'").contains("JVM").contains("spawn");
    }
}
