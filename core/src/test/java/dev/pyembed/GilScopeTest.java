package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GilScopeTest extends SharedEngineTest {

    @Test
    void scopesAreReentrantOnOneThread() {
        try (Gil outer = engine.acquireGil()) {
            outer.exec("depth_test = 1");
            try (Gil inner = engine.acquireGil()) {
                assertThat(inner.eval("depth_test")).isEqualTo(1L);
                Object sum = engine.withGil(gil -> gil.eval("depth_test + 1"));
                assertThat(sum).isEqualTo(2L);
            }
            assertThat(engine.isGilHeldByCurrentThread()).isTrue();
            assertThat(outer.eval("depth_test")).isEqualTo(1L);
        }
        assertThat(engine.isGilHeldByCurrentThread()).isFalse();
    }

    @Test
    void closingAScopeOnAnotherThreadIsAnErrorNotACrash() throws Exception {
        try (Gil gil = engine.acquireGil()) {
            Throwable error = CompletableFuture.supplyAsync(() -> {
                try {
                    gil.close();
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be closed on thread");
            assertThat(gil.eval("1")).as("the scope is still open and usable").isEqualTo(1L);
        }
    }

    @Test
    void usingAScopeOnAnotherThreadIsRefused() throws Exception {
        try (Gil gil = engine.acquireGil()) {
            Throwable error = CompletableFuture.supplyAsync(() -> {
                try {
                    gil.eval("1");
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(error).hasMessageContaining("acquireGil");
        }
    }

    @Test
    void scopesMustCloseInnermostFirst() {
        Gil outer = engine.acquireGil();
        Gil inner = engine.acquireGil();
        assertThatThrownBy(outer::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("innermost first");
        inner.close();
        outer.close();
        outer.close(); // idempotent
        assertThat(engine.isGilHeldByCurrentThread()).isFalse();
    }

    @Test
    void allowThreadsGivesTheGilBackAndTakesItBackAlsoWhenTheWorkThrows() {
        try (Gil gil = engine.acquireGil()) {
            assertThatThrownBy(() -> gil.allowThreads(() -> {
                assertThat(engine.isGilHeldByCurrentThread()).isFalse();
                throw new IllegalArgumentException("boom");
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
            assertThat(engine.isGilHeldByCurrentThread()).isTrue();
            assertThat(gil.eval("2 * 21")).isEqualTo(42L);
        }
    }

    @Test
    void pythonCallsInsideAllowThreadsAreRefusedButANestedScopeWorks() {
        try (Gil gil = engine.acquireGil()) {
            Object nested = gil.allowThreads(() -> {
                assertThatThrownBy(() -> gil.eval("1")).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("allowThreads");
                try (Gil again = engine.acquireGil()) {
                    return again.eval("'nested'");
                }
            });
            assertThat(nested).isEqualTo("nested");
            assertThat(gil.eval("'outer'")).isEqualTo("outer");
        }
        assertThat(engine.isGilHeldByCurrentThread()).isFalse();
    }

    @Test
    void allowThreadsWithoutAScopeSimplyRunsTheWork() {
        assertThat(engine.allowThreads(() -> "ran")).isEqualTo("ran");
    }

    @Test
    void aPyObjectUsedWithoutTheGilThrowsInsteadOfCrashing() {
        PyObject math = engine.withGil(gil -> gil.importModule("math"));
        assertThatThrownBy(math::repr).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("acquireGil").hasMessageContaining("withGil");
        try (Gil gil = engine.acquireGil()) {
            assertThat(math.getAttr("pi").toJava()).isEqualTo(Math.PI);
            math.close();
        }
    }

    @Test
    void aScopeCannotBeTakenBeforeStart() {
        PythonEngine notStarted = PythonEngine.builder().build();
        assertThatThrownBy(notStarted::acquireGil).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
        notStarted.close();
        assertThat(notStarted.state()).isEqualTo(EngineState.STOPPED);
    }

    @Test
    void closeInsideAScopeIsRefused() {
        try (Gil gil = engine.acquireGil()) {
            assertThatThrownBy(engine::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a GIL scope");
        }
        assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
    }
}
