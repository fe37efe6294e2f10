package dev.pyembed.sample.score;

import dev.pyembed.PythonEngine;
import dev.pyembed.sample.RiskProperties;
import dev.pyembed.spring.engine.PythonEngineLifecycle;
import dev.pyembed.spring.gil.WithGil;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * The Java face of the Python package {@code riskmodel} (in {@code src/main/python}), called through the typed
 * interface {@link RiskModel}.
 *
 * <p>Its lifecycle starts the model (coefficients, backend, the {@code stats-updater} thread) after pyembed started
 * Python and before the web server takes requests, and stops it after the web server drained them
 * ({@link #PHASE}). The {@link WithGil} methods run inside a GIL scope: the {@link RiskModel} calls in their bodies
 * take no GIL of their own. The GIL is given back while the model waits for the Java customer
 * history (a {@code @PythonCallable} bean), so concurrent requests overlap their slow look-ups.
 */
@Service
public class RiskScoringService implements SmartLifecycle {

    /** Between pyembed's engine ({@link PythonEngineLifecycle#PHASE}) and Spring Boot's web server. */
    public static final int PHASE = PythonEngineLifecycle.PHASE + 1024;

    private static final Logger log = LoggerFactory.getLogger(RiskScoringService.class);

    private final PythonEngine python;
    private final RiskModel model;
    private final RiskProperties.Model settings;
    private final MeterRegistry meters;
    private volatile boolean running;

    public RiskScoringService(PythonEngine python, RiskModel model, RiskProperties properties, MeterRegistry meters) {
        this.python = python;
        this.model = model;
        this.settings = properties.model();
        this.meters = meters;
    }

    /** Scores one applicant. A Python exception in the model arrives as a {@code PythonException}. */
    @WithGil(timeout = "2s")
    public RiskScore score(ScoreRequest request) {
        RiskScore score = model().score(request);
        DistributionSummary.builder("risk.score").description("Scores given (300 to 850)").tag("band", score.riskBand())
                .register(meters).record(score.score());
        return score;
    }

    /** The latest statistics published by the Python thread {@code stats-updater}. */
    @WithGil(timeout = "2s")
    public ScoreStats stats() {
        return model().stats();
    }

    /** Which model runs, on which backend. */
    @WithGil(timeout = "2s")
    public ModelInfo describe() {
        RiskModel.Description info = model().describe();
        return new ModelInfo(info.modelVersion(), info.backend(), info.backendReason(), info.features(),
                info.pythonVersion(), python.runtime().toString(), info.statsUpdaterAlive());
    }

    private RiskModel model() {
        if (!running) {
            throw new IllegalStateException("the risk model is not running (the application is starting or stopping)");
        }
        return model;
    }

    @Override
    public void start() {
        model.start(new RiskModel.Settings(settings.backend(), settings.statsInterval().toMillis() / 1000.0,
                settings.statsWindow().toMillis() / 1000.0));
        running = true;
    }

    @Override
    public void stop() {
        if (running) {
            running = false;
            if (!model.stop(settings.stopTimeout().toMillis() / 1000.0)) {
                log.warn("the Python thread stats-updater did not stop within {}", settings.stopTimeout());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
