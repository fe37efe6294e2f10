package dev.pyembed.sample.history;

import dev.pyembed.sample.RiskProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;

/**
 * A stand-in for a slow history system: every look-up takes {@code risk.history.latency} (default 20 ms, a bounded
 * park of the calling thread, as a blocking database call would), and the answer is a fixed function of the
 * customer id ({@link #recordOf(String)}), so that any id has a history and tests can compute scores themselves.
 *
 * <p>One record is corrupt on purpose, as records of real upstream systems sometimes are: {@value #CORRUPT_CUSTOMER}
 * has a negative account age, which the Python model refuses with a {@code ValueError} (the service's 500 path).
 */
@Component
public class SimulatedHistoryStore implements HistoryStore {

    /** The customer whose record is corrupt. */
    public static final String CORRUPT_CUSTOMER = "C-CORRUPT";

    private final Duration latency;

    @Autowired
    public SimulatedHistoryStore(RiskProperties properties) {
        this(properties.history().latency());
    }

    public SimulatedHistoryStore(Duration latency) {
        this.latency = latency;
    }

    @Override
    public CustomerRecord find(String customerId) {
        long deadline = System.nanoTime() + latency.toNanos();
        for (long left = latency.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("history look-up of " + customerId + " interrupted");
            }
        }
        return recordOf(customerId);
    }

    /** The simulated history of {@code customerId}, without the wait. */
    public static CustomerRecord recordOf(String customerId) {
        if (CORRUPT_CUSTOMER.equals(customerId)) {
            return new CustomerRecord(2, -14);
        }
        CRC32 crc = new CRC32();
        crc.update(customerId.getBytes(StandardCharsets.UTF_8));
        long hash = crc.getValue();
        int latePayments = Math.max(0, (int) (hash % 7) - 3); // 0 for 4 customers in 7, else 1 to 3
        int accountAgeMonths = 1 + (int) ((hash >>> 8) % 240);
        return new CustomerRecord(latePayments, accountAgeMonths);
    }
}
