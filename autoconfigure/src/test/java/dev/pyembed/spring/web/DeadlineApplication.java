package dev.pyembed.spring.web;

import dev.pyembed.PythonEngine;
import dev.pyembed.PythonTimeoutException;
import dev.pyembed.spring.gil.WithGil;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A web application whose {@code GET /spin} runs Python code that never ends ({@code while True: pass}) in a
 * {@code @WithGil(deadline = "500ms")} method, and whose {@code GET /answer} runs a short Python call. A
 * {@link PythonTimeoutException} becomes a 503 problem detail that names the deadline.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class DeadlineApplication {

    @Bean
    SpinService spinService(PythonEngine engine) {
        return new SpinService(engine);
    }

    public static class SpinService {
        private final PythonEngine engine;

        public SpinService(PythonEngine engine) {
            this.engine = engine;
        }

        /** How long the last /spin ran in its @WithGil body, until its Python code was stopped (ms). */
        static volatile long lastSpinMillis;

        @WithGil(deadline = "500ms")
        public String spin() {
            long begin = System.nanoTime();
            try {
                return spinForEver();
            } finally {
                lastSpinMillis = (System.nanoTime() - begin) / 1_000_000;
            }
        }

        private String spinForEver() {
            engine.runWithGil(gil -> gil.exec("""
                    spins_finished = globals().get('spins_finished', 0)
                    try:
                        while True:
                            pass
                    finally:
                        spins_finished += 1
                    """));
            return "never";
        }

        @WithGil
        public String answer() {
            return String.valueOf(engine.<Object>withGil(gil -> gil.eval("6 * 7")));
        }
    }

    @RestController
    public static class SpinController {
        private final SpinService spinService;

        public SpinController(SpinService spinService) {
            this.spinService = spinService;
        }

        @GetMapping("/spin")
        public String spin() {
            return spinService.spin();
        }

        @GetMapping("/answer")
        public String answer() {
            return spinService.answer();
        }
    }

    @RestControllerAdvice
    public static class TimeoutAdvice {
        @ExceptionHandler(PythonTimeoutException.class)
        ProblemDetail timeout(PythonTimeoutException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
            problem.setTitle("Python call timed out");
            return problem;
        }
    }
}
