package dev.pyembed.sample.history;

/** Where customer histories come from: in a real service a database or another service, here {@link SimulatedHistoryStore}. */
public interface HistoryStore {

    /** The history of {@code customerId}; may block (it is I/O). */
    CustomerRecord find(String customerId);
}
