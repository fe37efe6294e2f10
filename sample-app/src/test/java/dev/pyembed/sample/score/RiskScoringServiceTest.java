package dev.pyembed.sample.score;

import dev.pyembed.PythonEngine;
import dev.pyembed.PythonException;
import dev.pyembed.sample.RiskProperties;
import dev.pyembed.sample.history.CustomerHistory;
import dev.pyembed.sample.history.SimulatedHistoryStore;
import dev.pyembed.spring.module.EnablePythonModules;
import dev.pyembed.spring.test.PythonTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scoring service with the real Python model, through {@link PythonTest}: the engine with the app's
 * python-path and startup modules (from application.properties), the service, the model's typed interface, the history
 * callback; no web layer.
 */
@PythonTest(classes = {RiskScoringService.class, CustomerHistory.class, SimulatedHistoryStore.class,
        RiskScoringServiceTest.Support.class}, properties = "risk.history.latency=0ms")
class RiskScoringServiceTest {

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RiskProperties.class)
    @EnablePythonModules(basePackageClasses = RiskModel.class) // the typed interface of the model
    static class Support {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    RiskScoringService service;

    @Autowired
    ApplicationContext context;

    @Test
    void scoresWithThePythonModelAndTheHistoryCallbackWithoutAWebServer() {
        RiskScore score = service.score(new ScoreRequest("C-1042", 52000.0, 18000.0, 37, 6));
        assertThat(score.score()).isBetween(300, 850);
        assertThat(score.modelVersion()).isEqualTo("2026.05-logit-6");
        assertThat(score.explanation()).extracting(RiskScore.Contribution::feature).contains("late_payments");
        assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
        assertThat(context.getBean(PythonEngine.class).runtime().toString()).contains("embedded");
    }

    @Test
    void theModelsPythonErrorArrivesAsAPythonException() {
        assertThatThrownBy(() -> service.score(new ScoreRequest(SimulatedHistoryStore.CORRUPT_CUSTOMER, 52000.0,
                18000.0, 37, 6))).isInstanceOf(PythonException.class).hasMessageContaining("ValueError");
    }
}
