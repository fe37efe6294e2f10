package dev.pyembed;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A {@link PythonOutput} that keeps the lines and lets a test wait for them. */
final class OutputCapture implements PythonOutput {

    final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile Waiter waiter;

    @Override
    public void line(Stream stream, String line) {
        lines.add(line);
        Waiter current = waiter;
        if (current != null && current.matches.test(line)) {
            current.latch.countDown();
        }
    }

    /** Waits until {@code count} more lines matching {@code matches} arrive; false on timeout. */
    boolean await(Predicate<String> matches, int count, long timeout, TimeUnit unit) throws InterruptedException {
        Waiter current = new Waiter(matches, new CountDownLatch(count));
        waiter = current;
        return current.latch.await(timeout, unit);
    }

    private record Waiter(Predicate<String> matches, CountDownLatch latch) {
    }
}
