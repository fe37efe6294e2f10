package dev.pyembed.sample.history;

import dev.pyembed.spring.callback.PythonCallable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The customer history, for the Python model: {@code pyembed.java("history").lookup(customer_id)} returns a dict
 * {@code {"latePayments": int, "accountAgeMonths": int}}. pyembed releases the GIL while {@link #lookup} runs
 * ({@code @PythonCallable} default), so other requests and the Python {@code stats-updater} thread go on during the
 * slow look-up. Its only public method is the one Python calls.
 */
@Component
@PythonCallable(name = "history")
public class CustomerHistory {

    private final HistoryStore store;
    private final AtomicInteger active = new AtomicInteger();

    public CustomerHistory(HistoryStore store, MeterRegistry meters) {
        this.store = store;
        Gauge.builder("risk.history.lookups.active", active, AtomicInteger::get)
                .description("History look-ups in progress (Python waits for them with the GIL released)")
                .register(meters);
    }

    public Map<String, Object> lookup(String customerId) {
        active.incrementAndGet();
        try {
            CustomerRecord record = store.find(customerId);
            Map<String, Object> history = new LinkedHashMap<>();
            history.put("latePayments", record.latePayments());
            history.put("accountAgeMonths", record.accountAgeMonths());
            return history;
        } finally {
            active.decrementAndGet();
        }
    }
}
