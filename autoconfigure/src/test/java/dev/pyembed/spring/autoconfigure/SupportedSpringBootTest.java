package dev.pyembed.spring.autoconfigure;

import dev.pyembed.PythonStartException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pyembed runs on Spring Boot 4.0 and 4.1 and refuses Spring Boot 3 at start, naming what it supports. */
class SupportedSpringBootTest {

    @Test
    void springBoot3FailsTheStartNamingTheSupportedVersions() {
        assertThatThrownBy(() -> SupportedSpringBoot.check("3.5.7"))
                .isInstanceOf(PythonStartException.class)
                .hasMessageContaining("does not support Spring Boot 3.5.7")
                .hasMessageContaining("Spring Boot 4.0 and 4.1");
        FailureAnalysis analysis = new PythonStartFailureAnalyzer(null)
                .analyze(catchStart(() -> SupportedSpringBoot.check("3.5.7")));
        assertThat(analysis.getAction()).contains("Spring Boot 4.0 or 4.1").contains("pyembed-core");
        assertThatThrownBy(() -> SupportedSpringBoot.check("5.0.0")).isInstanceOf(PythonStartException.class);
    }

    @Test
    void springBoot4Passes() {
        assertThatCode(() -> SupportedSpringBoot.check("4.0.7")).doesNotThrowAnyException();
        assertThatCode(() -> SupportedSpringBoot.check("4.1.2")).doesNotThrowAnyException();
        assertThatCode(() -> SupportedSpringBoot.check(null)).doesNotThrowAnyException();
    }

    @Test
    void theBootOfThisBuildIsKnownAndSupported() {
        assertThat(SpringBootVersion.getVersion()).as("read from spring-boot's jar manifest").startsWith("4.");
        assertThatCode(SupportedSpringBoot::check).doesNotThrowAnyException();
    }

    private static Throwable catchStart(Runnable start) {
        try {
            start.run();
        } catch (PythonStartException e) {
            return e;
        }
        throw new AssertionError("expected a PythonStartException");
    }
}
