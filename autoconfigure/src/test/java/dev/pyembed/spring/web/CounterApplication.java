package dev.pyembed.spring.web;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.gil.WithGil;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A web application for the HTTP tests: {@code GET /next} returns {@code next(counter)} of a Python
 * {@code itertools.count} (set up by {@code pyembed.scripts=classpath:scripts/counter.py}) through a
 * {@code @WithGil} service, and the thread the service body ran on. {@code GET /slow} first waits for
 * {@link #release} (Java only, no GIL), for the graceful shutdown test.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class CounterApplication {

    /** Counted down by each /slow request on entry. */
    static volatile CountDownLatch entered = new CountDownLatch(0);
    /** /slow requests wait for it before they call Python. */
    static volatile CountDownLatch release = new CountDownLatch(0);
    /** Counted down when the context starts to close. */
    static volatile CountDownLatch closing = new CountDownLatch(1);

    @Bean
    CounterService counterService(PythonEngine engine) {
        return new CounterService(engine);
    }

    @Bean
    ApplicationListener<ContextClosedEvent> closingListener() {
        return event -> closing.countDown();
    }

    @WithGil
    public static class CounterService {
        private final PythonEngine engine;

        public CounterService(PythonEngine engine) {
            this.engine = engine;
        }

        /** {@code <next(counter)> <thread the body ran on>}. */
        public String next() {
            Object next = engine.<Object>withGil(gil -> gil.eval("next(counter)"));
            return next + " " + Thread.currentThread().getName();
        }
    }

    /** Registered as a member class of this configuration. */
    @RestController
    public static class CounterController {
        private final CounterService counterService;

        public CounterController(CounterService counterService) {
            this.counterService = counterService;
        }

        @GetMapping("/next")
        public String next() {
            return counterService.next() + " " + (isVirtual(Thread.currentThread()) ? "virtual" : "platform");
        }

        @GetMapping("/slow")
        public String slow() throws InterruptedException {
            entered.countDown();
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return next();
        }
    }

    static boolean isVirtual(Thread thread) {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        } catch (ReflectiveOperationException e) {
            return false; // JDK 17
        }
    }
}
