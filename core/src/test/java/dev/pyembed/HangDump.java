package dev.pyembed;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.time.Instant;

/**
 * Prints every thread's stack when a test JVM lives far longer than a test class takes, so that a hang in CI
 * (a test, or the engine's close at exit) says where it is before the build's fork timeout kills the JVM. Each test
 * class runs in a JVM of its own (the parent pom), and takes seconds: past {@value #FIRST_DUMP_SECONDS} s something
 * waits that should not. Registered for every test class by extension auto-detection (junit-platform.properties).
 * It only reads; a daemon thread, so it never keeps a JVM alive.
 */
public final class HangDump implements BeforeAllCallback {

    static final long FIRST_DUMP_SECONDS = Long.getLong("pyembed.test.hang-dump-seconds", 240);
    private static final Instant START = Instant.now();

    static {
        Thread watchdog = new Thread(HangDump::watch, "pyembed-test-hang-dump");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // loading the class started the watchdog
    }

    private static void watch() {
        long wait = FIRST_DUMP_SECONDS;
        while (true) {
            try {
                Thread.sleep(Duration.ofSeconds(wait).toMillis()); // a timer, not a synchronizer: it only reports
            } catch (InterruptedException e) {
                return;
            }
            dump();
            wait = 120;
        }
    }

    private static void dump() {
        StringBuilder out = new StringBuilder("\n=== pyembed test JVM still running after ")
                .append(Duration.between(START, Instant.now()).toSeconds()).append(" s: every thread's stack ===\n");
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                out.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            out.append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                out.append("    at ").append(frame).append('\n');
            }
        }
        out.append("=== end of the thread dump ===\n");
        System.err.print(out);
        System.err.flush();
    }
}
