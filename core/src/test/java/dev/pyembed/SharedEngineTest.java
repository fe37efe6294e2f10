package dev.pyembed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A base for test classes whose tests share one engine, on the runtime the build chose ({@link TestEngines}). */
abstract class SharedEngineTest {

    static PythonEngine engine;

    @BeforeAll
    static void startSharedEngine() {
        engine = TestEngines.builder().start();
    }

    @AfterAll
    static void closeSharedEngine() {
        engine.close();
    }
}
