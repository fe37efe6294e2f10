package dev.pyembed.sample.score;

import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;
import dev.pyembed.sample.RiskProperties;
import dev.pyembed.spring.autoconfigure.PythonEngineLifecycle;
import dev.pyembed.spring.gil.WithGil;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java face of the Python package {@code riskmodel} (in {@code src/main/python}).
 *
 * <p>Its lifecycle starts the model (coefficients, backend, the {@code stats-updater} thread) after pyembed started
 * Python and before the web server takes requests, and stops it after the web server drained them
 * ({@link #PHASE}). The {@link WithGil} methods run inside a GIL scope: the Python calls in their bodies need no
 * {@code engine.withGil(...)} of their own. The GIL is given back while the model waits for the Java customer
 * history (a {@code @PythonCallable} bean), so concurrent requests overlap their slow look-ups.
 */
@Service
public class RiskScoringService implements SmartLifecycle {

    /** Between pyembed's engine ({@link PythonEngineLifecycle#PHASE}) and Spring Boot's web server. */
    public static final int PHASE = PythonEngineLifecycle.PHASE + 1024;

    private static final Logger log = LoggerFactory.getLogger(RiskScoringService.class);

    private final PythonEngine python;
    private final RiskProperties.Model settings;
    private final MeterRegistry meters;
    private volatile PyObject model;

    public RiskScoringService(PythonEngine python, RiskProperties properties, MeterRegistry meters) {
        this.python = python;
        this.settings = properties.model();
        this.meters = meters;
    }

    /** Scores one applicant. A Python exception in the model arrives as a {@code PythonException}. */
    @WithGil(timeout = "2s")
    public RiskScore score(ScoreRequest request) {
        Map<?, ?> result = (Map<?, ?>) model().callMethod("score", request.toPython());
        List<RiskScore.Contribution> explanation = ((List<?>) result.get("explanation")).stream()
                .map(item -> (Map<?, ?>) item)
                .map(item -> new RiskScore.Contribution((String) item.get("feature"), number(item, "value"),
                        number(item, "contribution")))
                .toList();
        RiskScore score = new RiskScore((String) result.get("customerId"), ((Number) result.get("score")).intValue(),
                number(result, "probabilityOfDefault"), (String) result.get("riskBand"), explanation,
                (String) result.get("modelVersion"), (String) result.get("backend"));
        DistributionSummary.builder("risk.score").description("Scores given (300 to 850)").tag("band", score.riskBand())
                .register(meters).record(score.score());
        return score;
    }

    /** The latest statistics published by the Python thread {@code stats-updater}. */
    @WithGil(timeout = "2s")
    public ScoreStats stats() {
        Map<?, ?> stats = (Map<?, ?>) model().callMethod("stats");
        return new ScoreStats(integer(stats, "count"), number(stats, "windowSeconds"), integer(stats, "windowCount"),
                nullableNumber(stats, "meanScore"), nullableNumber(stats, "p95Score"), number(stats, "ratePerMinute"),
                integer(stats, "dropped"), integer(stats, "updates"), (String) stats.get("updatedAt"),
                Boolean.TRUE.equals(stats.get("updaterAlive")), (String) stats.get("backend"));
    }

    /** Which model runs, on which backend. */
    @WithGil(timeout = "2s")
    public ModelInfo describe() {
        Map<?, ?> info = (Map<?, ?>) model().callMethod("describe");
        List<String> features = ((List<?>) info.get("features")).stream().map(String.class::cast).toList();
        return new ModelInfo((String) info.get("modelVersion"), (String) info.get("backend"),
                (String) info.get("backendReason"), features, (String) info.get("pythonVersion"),
                python.runtime().toString(), Boolean.TRUE.equals(info.get("statsUpdaterAlive")));
    }

    private PyObject model() {
        PyObject current = model;
        if (current == null) {
            throw new IllegalStateException("the risk model is not running (the application is starting or stopping)");
        }
        return current;
    }

    @Override
    public void start() {
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("backend", settings.backend());
        start.put("statsIntervalSeconds", settings.statsInterval().toMillis() / 1000.0);
        start.put("statsWindowSeconds", settings.statsWindow().toMillis() / 1000.0);
        model = python.withGil(gil -> {
            PyObject module = gil.importModule("riskmodel");
            try {
                module.callMethod("start", start);
                return module;
            } catch (RuntimeException e) {
                module.close();
                throw e;
            }
        });
    }

    @Override
    public void stop() {
        PyObject module = model;
        model = null;
        if (module != null) {
            python.runWithGil(gil -> {
                try (module) {
                    if (!Boolean.TRUE.equals(module.callMethod("stop", settings.stopTimeout().toMillis() / 1000.0))) {
                        log.warn("the Python thread stats-updater did not stop within {}", settings.stopTimeout());
                    }
                }
            });
        }
    }

    @Override
    public boolean isRunning() {
        return model != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private static double number(Map<?, ?> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    private static Double nullableNumber(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static long integer(Map<?, ?> map, String key) {
        return ((Number) map.get(key)).longValue();
    }
}
