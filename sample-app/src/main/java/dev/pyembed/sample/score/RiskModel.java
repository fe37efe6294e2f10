package dev.pyembed.sample.score;

import dev.pyembed.spring.module.PythonModule;

import java.util.List;

/**
 * The Python package {@code riskmodel} (in {@code src/main/python}) as a typed interface: pyembed makes it a bean, and
 * checks at start that each function exists and takes these parameters. Each call takes the GIL (here the callers are
 * {@code @WithGil} methods of {@link RiskScoringService}, so it is already held). A {@link ScoreRequest} arrives in
 * Python as a dict of its components; the dicts the functions return become these records.
 */
@PythonModule("riskmodel")
public interface RiskModel {

    /** Loads the coefficients, chooses the backend, starts the {@code stats-updater} thread. */
    void start(Settings settings);

    /** Stops the {@code stats-updater} thread; false when it did not stop within the timeout. */
    boolean stop(double timeoutSeconds);

    /** One validated request: its score, probability of default and explanation. */
    RiskScore score(ScoreRequest applicant);

    /** The latest statistics published by {@code stats-updater}. */
    ScoreStats stats();

    /** Which model and backend run. */
    Description describe();

    /** {@code riskmodel.start}'s settings (a dict in Python). */
    record Settings(String backend, double statsIntervalSeconds, double statsWindowSeconds) {
    }

    /** {@code riskmodel.describe()}'s dict. */
    record Description(String modelVersion, String backend, String backendReason, List<String> features,
                       String pythonVersion, boolean statsUpdaterAlive) {
    }
}
