package dev.pyembed.spring.autoconfigure;

import dev.pyembed.PythonStartException;
import org.springframework.boot.SpringBootVersion;

/**
 * The Spring Boot versions pyembed's auto-configuration supports: 4.0 and 4.1 (built and tested on 4.0.7 and
 * 4.1.2), and later 4.x minors. On Spring Boot 3 the health indicator, the meters and the endpoint would be missing
 * without a word (their conditions name Boot 4 classes), so any other major fails the start, saying so.
 */
final class SupportedSpringBoot {

    static final String SUPPORTED = "Spring Boot 4.0 and 4.1 (pyembed is tested on 4.0.7 and 4.1.2)";

    private SupportedSpringBoot() {
    }

    /** Checks the Spring Boot on the class path; an unknown version (no jar manifest, e.g. an IDE build) passes. */
    static void check() {
        check(SpringBootVersion.getVersion());
    }

    /** @throws PythonStartException when {@code version} is not a Spring Boot 4 version */
    static void check(String version) {
        if (version == null || version.isBlank()) {
            return;
        }
        int dot = version.indexOf('.');
        String major = dot < 0 ? version : version.substring(0, dot);
        if (!major.equals("4")) {
            throw new PythonStartException("pyembed's Spring Boot starter does not support Spring Boot " + version
                    + "; it supports " + SUPPORTED,
                    "use Spring Boot 4.0 or 4.1 (spring-boot-starter-parent or spring-boot-dependencies 4.x), or use"
                    + " dev.pyembed:pyembed-core without the starter (PythonEngine.builder())");
        }
    }
}
