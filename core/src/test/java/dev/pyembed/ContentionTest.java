package dev.pyembed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentionTest {

    @Test
    void sixteenThreadsTimesTenThousandScopesCountExactly() throws Exception {
        try (PythonEngine engine = TestEngines.builder().start()) {
            assertThat(ConcurrentScopes.count(engine, 16, 10_000)).isEqualTo(16L * 10_000);
        }
    }
}
