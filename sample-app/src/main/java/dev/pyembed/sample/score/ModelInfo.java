package dev.pyembed.sample.score;

import java.util.List;

/**
 * {@code GET /api/model}: which model runs, on which backend and Python.
 *
 * @param modelVersion         the coefficients' version
 * @param backend              {@code python} or {@code numpy}
 * @param backendReason        why that backend was chosen
 * @param features             the model's inputs
 * @param pythonVersion        e.g. {@code 3.14.3}
 * @param python               the runtime pyembed loaded, and where it came from
 * @param statsUpdaterAlive    whether the {@code stats-updater} thread is running
 */
public record ModelInfo(String modelVersion, String backend, String backendReason, List<String> features,
                        String pythonVersion, String python, boolean statsUpdaterAlive) {
}
