package dev.pyembed.sample;

import dev.pyembed.sample.history.CustomerRecord;
import dev.pyembed.sample.history.SimulatedHistoryStore;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The risk model again, written in Java from the same coefficients file the Python model reads
 * ({@code python/riskmodel/risk_coefficients.json} on the class path), so that tests check the service's numbers
 * against an independent computation.
 */
public final class RiskModelInJava {

    public static final List<String> FEATURES = List.of("debt_to_income", "log_income", "age", "employment_years",
            "late_payments", "account_age_years");

    private final JsonNode coefficients;

    public RiskModelInJava() {
        try (InputStream in = RiskModelInJava.class.getResourceAsStream("/python/riskmodel/risk_coefficients.json")) {
            if (in == null) {
                throw new IllegalStateException("python/riskmodel/risk_coefficients.json is not on the class path");
            }
            coefficients = Http.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String version() {
        return coefficients.get("version").asString();
    }

    /**
     * @param probabilityOfDefault the model's probability
     * @param contributions        per feature, in {@link #FEATURES} order
     * @param values               per feature, in {@link #FEATURES} order
     */
    public record Expected(double probabilityOfDefault, double[] contributions, double[] values) {
    }

    public Expected score(Applicant applicant) {
        CustomerRecord history = SimulatedHistoryStore.recordOf(applicant.customerId());
        double[] values = {applicant.debt() / applicant.income(), Math.log(applicant.income()), applicant.age(),
                applicant.employmentYears(), history.latePayments(), history.accountAgeMonths() / 12.0};
        double clip = coefficients.get("clip").asDouble();
        double logit = coefficients.get("intercept").asDouble();
        double[] contributions = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            JsonNode feature = coefficients.get("features").get(FEATURES.get(i));
            double z = (values[i] - feature.get("mean").asDouble()) / feature.get("scale").asDouble();
            z = Math.max(-clip, Math.min(clip, z));
            contributions[i] = feature.get("weight").asDouble() * z;
            logit += contributions[i];
        }
        double probability = 1.0 / (1.0 + Math.exp(-logit));
        return new Expected(probability, contributions, values);
    }

    /** The score the model gives for {@code probabilityOfDefault}: min + (max - min) * (1 - p), rounded half up. */
    public int points(double probabilityOfDefault) {
        int min = coefficients.get("score").get("min").asInt();
        int max = coefficients.get("score").get("max").asInt();
        return (int) Math.floor(min + (max - min) * (1.0 - probabilityOfDefault) + 0.5);
    }

    public String band(int points) {
        String band = null;
        int best = Integer.MIN_VALUE;
        for (JsonNode b : coefficients.get("bands")) {
            int threshold = b.get("min_score").asInt();
            if (points >= threshold && threshold > best) {
                best = threshold;
                band = b.get("name").asString();
            }
        }
        return band;
    }

    /**
     * Asserts that {@code body} (a {@code POST /api/score} answer) is what this model gives for {@code applicant}:
     * the same probability and contributions (to 1e-9: the Python model may sum in another order, numpy may round
     * its last bit differently), and the score and band that follow from the probability.
     */
    public void assertScored(JsonNode body, Applicant applicant) {
        Expected expected = score(applicant);
        double probability = body.get("probabilityOfDefault").asDouble();
        assertThat(body.get("customerId").asString()).isEqualTo(applicant.customerId());
        assertThat(probability).as("probability of default of %s", applicant).isCloseTo(expected.probabilityOfDefault(), within(1e-9));
        assertThat(body.get("score").asInt()).as("score of %s", applicant).isEqualTo(points(probability))
                .isBetween(points(expected.probabilityOfDefault() + 1e-9), points(expected.probabilityOfDefault() - 1e-9));
        assertThat(body.get("riskBand").asString()).isEqualTo(band(body.get("score").asInt()));
        assertThat(body.get("modelVersion").asString()).isEqualTo(version());
        JsonNode explanation = body.get("explanation");
        assertThat(explanation).hasSize(FEATURES.size());
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode item : explanation) {
            int i = FEATURES.indexOf(item.get("feature").asString());
            assertThat(i).as("feature %s", item.get("feature")).isNotNegative();
            assertThat(item.get("value").asDouble()).as("value of %s", FEATURES.get(i)).isCloseTo(expected.values()[i], within(1e-9));
            double contribution = item.get("contribution").asDouble();
            assertThat(contribution).as("contribution of %s", FEATURES.get(i)).isCloseTo(expected.contributions()[i], within(1e-9));
            assertThat(Math.abs(contribution)).as("explanation sorted by |contribution|, largest first").isLessThanOrEqualTo(previous + 1e-12);
            previous = Math.abs(contribution);
        }
    }
}
