package dev.pyembed.sample.score;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code POST /api/score}'s body. Every field is required; JSON of another type (a string for a number, a fraction
 * for an integer) and unknown fields are refused before validation (see {@code spring.jackson.*} in
 * application.properties). The Python model gets it as a dict of these components ({@link RiskModel#score}).
 *
 * @param customerId      1 to 32 letters, digits, '-' or '_'
 * @param income          yearly income, 1 to 100,000,000
 * @param debt            total debt, 0 to 1,000,000,000
 * @param age             18 to 120
 * @param employmentYears years in employment, 0 to 80
 */
public record ScoreRequest(
        @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,32}", message = "must be 1 to 32 letters, digits, '-' or '_'") String customerId,
        @NotNull @DecimalMin("1") @DecimalMax("100000000") Double income,
        @NotNull @DecimalMin("0") @DecimalMax("1000000000") Double debt,
        @NotNull @Min(18) @Max(120) Integer age,
        @NotNull @Min(0) @Max(80) Integer employmentYears) {
}
