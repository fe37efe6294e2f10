package dev.pyembed.spring.test;

import dev.pyembed.spring.autoconfigure.PythonAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test of application code that calls Python, with a real engine: a Spring test context holding the beans given
 * in {@link #classes()}, the {@code PythonEngine} with the application's own {@code pyembed.*} properties (its
 * {@code application.properties}: python-path, startup modules and scripts, runtime), {@code @WithGil} and
 * {@code @PythonCallable} support, and nothing else: no web server, no other auto-configuration. JUnit 5.
 *
 * <pre>{@code
 * @PythonTest(classes = {RiskScoringService.class, CustomerHistory.class})
 * class RiskScoringServiceTest {
 *     @Autowired RiskScoringService service;
 *
 *     @Test
 *     void scores() { assertThat(service.score(applicant)).isBetween(300, 850); }
 * }
 * }</pre>
 *
 * Contexts of such tests are cached by Spring's test context cache like any other, and share the JVM's one
 * engine with the suite's other contexts (see {@code PythonEngineRegistry}): their engine settings must agree.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ImportAutoConfiguration({AopAutoConfiguration.class, PythonAutoConfiguration.class})
public @interface PythonTest {

    /**
     * The beans under test (components or {@code @Configuration} classes). Empty: Spring Boot looks for the
     * application's {@code @SpringBootConfiguration} and loads the whole application.
     */
    @AliasFor(annotation = SpringBootTest.class, attribute = "classes")
    Class<?>[] classes() default {};

    /** Properties for this test ({@code key=value}), on top of the application's. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {};
}
