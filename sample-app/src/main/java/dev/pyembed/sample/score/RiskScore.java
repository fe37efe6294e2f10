package dev.pyembed.sample.score;

import java.util.List;

/**
 * {@code POST /api/score}'s answer.
 *
 * @param customerId           the customer scored
 * @param score                300 (riskiest) to 850
 * @param probabilityOfDefault the model's probability that the customer defaults
 * @param riskBand             {@code low}, {@code medium} or {@code high}
 * @param explanation          each feature's value and its contribution to the log-odds of default, largest first
 * @param modelVersion         the coefficients' version
 * @param backend              {@code python} (standard library) or {@code numpy}
 */
public record RiskScore(String customerId, int score, double probabilityOfDefault, String riskBand,
                        List<Contribution> explanation, String modelVersion, String backend) {

    /**
     * @param feature      e.g. {@code debt_to_income}
     * @param value        the feature's value for this customer
     * @param contribution its term in the log-odds: positive raises the risk
     */
    public record Contribution(String feature, double value, double contribution) {
    }
}
