package dev.pyembed.sample.history;

/**
 * What the history system knows of a customer.
 *
 * @param latePayments     late payments in the last 24 months
 * @param accountAgeMonths how long the customer has had an account
 */
public record CustomerRecord(int latePayments, int accountAgeMonths) {
}
