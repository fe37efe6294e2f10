package dev.pyembed.sample;

import java.util.Locale;

/** A valid {@code POST /api/score} body. */
public record Applicant(String customerId, double income, double debt, int age, int employmentYears) {

    public String json() {
        return String.format(Locale.ROOT, "{\"customerId\":\"%s\",\"income\":%s,\"debt\":%s,\"age\":%d,\"employmentYears\":%d}",
                customerId, income, debt, age, employmentYears);
    }

    /** Request {@code n} of client {@code client}: varied, always valid. */
    public static Applicant varied(int client, int n) {
        int k = n * 31 + client * 7919;
        int age = 18 + k % 60;
        return new Applicant("T-" + client + "-" + n, 15_000 + (k % 200) * 900.0, (k % 113) * 1_250.0, age, k % (age - 16));
    }
}
